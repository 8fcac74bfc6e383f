package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// rss returns the resident memory of pid and all its descendants (for
// gunicorn: the master and its workers), in KiB, from /proc.
func rss(pid int) (int64, error) {
	children, err := childrenByParent()
	if err != nil {
		return 0, err
	}
	var total int64
	for todo := []int{pid}; len(todo) > 0; {
		p := todo[len(todo)-1]
		todo = append(todo[:len(todo)-1], children[p]...)
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", p))
		if err != nil {
			return 0, fmt.Errorf("resident memory of pid %d: %w", p, err)
		}
		kb, err := vmRSS(b)
		if err != nil {
			return 0, fmt.Errorf("/proc/%d/status: %w", p, err)
		}
		total += kb
	}
	return total, nil
}

// vmRSS reads the VmRSS line of a /proc/PID/status file.
func vmRSS(status []byte) (int64, error) {
	sc := bufio.NewScanner(bytes.NewReader(status))
	for sc.Scan() {
		v, ok := strings.CutPrefix(sc.Text(), "VmRSS:")
		if !ok {
			continue
		}
		f := strings.Fields(v)
		if len(f) != 2 || f[1] != "kB" {
			return 0, fmt.Errorf("unexpected VmRSS line %q", sc.Text())
		}
		return strconv.ParseInt(f[0], 10, 64)
	}
	return 0, fmt.Errorf("no VmRSS line")
}

// childrenByParent maps each process to its children, from /proc/*/stat.
func childrenByParent() (map[int][]int, error) {
	stats, err := filepath.Glob("/proc/[0-9]*/stat")
	if err != nil {
		return nil, err
	}
	m := map[int][]int{}
	for _, path := range stats {
		b, err := os.ReadFile(path)
		if err != nil {
			continue // the process exited meanwhile
		}
		pid, ppid, err := parentOf(b)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		m[ppid] = append(m[ppid], pid)
	}
	return m, nil
}

// parentOf reads pid and ppid from a /proc/PID/stat line. The command name
// in parentheses may hold spaces and parentheses, so fields are counted
// from the last ')'.
func parentOf(stat []byte) (pid, ppid int, err error) {
	s := string(stat)
	open, end := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
	if open < 0 || end < open {
		return 0, 0, fmt.Errorf("malformed stat %q", s)
	}
	rest := strings.Fields(s[end+1:]) // state, ppid, ...
	if len(rest) < 2 {
		return 0, 0, fmt.Errorf("malformed stat %q", s)
	}
	if pid, err = strconv.Atoi(strings.TrimSpace(s[:open])); err != nil {
		return 0, 0, fmt.Errorf("malformed stat: %w", err)
	}
	if ppid, err = strconv.Atoi(rest[1]); err != nil {
		return 0, 0, fmt.Errorf("malformed stat: %w", err)
	}
	return pid, ppid, nil
}
