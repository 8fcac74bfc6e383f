package main

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestVMRSS(t *testing.T) {
	tests := []struct {
		name    string
		status  string
		want    int64
		wantErr bool
	}{
		{"kernel format", "Name:\tsleep\nVmPeak:\t    8000 kB\nVmRSS:\t    1234 kB\nRssAnon:\t 100 kB\n", 1234, false},
		{"kernel thread", "Name:\tkthreadd\nState:\tS (sleeping)\n", 0, true},
		{"other unit", "VmRSS:\t 1 MB\n", 0, true},
		{"not a number", "VmRSS:\t x kB\n", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := vmRSS([]byte(tt.status))
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("vmRSS = %d, %v; want %d, error %v", got, err, tt.want, tt.wantErr)
			}
		})
	}
}

func TestParentOf(t *testing.T) {
	tests := []struct {
		stat      string
		pid, ppid int
		wantErr   bool
	}{
		{"13300 (gunicorn) S 1 13300 13300 0 -1", 13300, 1, false},
		{"42 (a (b) c) R 7 42 42 0", 42, 7, false},
		{"42 (no close R 7", 0, 0, true},
		{"42 (x) R", 0, 0, true},
		{"x (y) R 7 1", 0, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.stat, func(t *testing.T) {
			pid, ppid, err := parentOf([]byte(tt.stat))
			if (err != nil) != tt.wantErr || pid != tt.pid || ppid != tt.ppid {
				t.Errorf("parentOf = %d, %d, %v; want %d, %d, error %v", pid, ppid, err, tt.pid, tt.ppid, tt.wantErr)
			}
		})
	}
}

// TestRSSCountsChildren checks that rss adds a child's memory to its
// parent's, as it must for gunicorn's workers.
func TestRSSCountsChildren(t *testing.T) {
	if _, err := os.Stat("/proc/self/status"); err != nil {
		t.Skip("no /proc:", err)
	}
	cmd := exec.Command("sh", "-c", "sleep 30 & wait")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		cmd.Process.Kill()
		cmd.Wait()
	}()
	var child int
	for deadline := time.Now().Add(5 * time.Second); child == 0; {
		kids, err := childrenByParent()
		if err != nil {
			t.Fatal(err)
		}
		if len(kids[cmd.Process.Pid]) > 0 {
			child = kids[cmd.Process.Pid][0]
		} else if time.Now().After(deadline) {
			t.Fatal("sh did not start sleep")
		}
		time.Sleep(time.Millisecond)
	}
	defer syscall.Kill(child, syscall.SIGKILL)
	own := func(pid int) int64 {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
		if err != nil {
			t.Fatal(err)
		}
		kb, err := vmRSS(b)
		if err != nil {
			t.Fatal(err)
		}
		return kb
	}
	got, err := rss(cmd.Process.Pid)
	if err != nil {
		t.Fatal(err)
	}
	if want := own(cmd.Process.Pid) + own(child); got != want || got <= own(cmd.Process.Pid) {
		t.Errorf("rss(sh) = %d KiB, want sh + sleep = %d KiB", got, want)
	}
	if _, err := rss(1 << 30); err == nil || !strings.Contains(err.Error(), "resident memory") {
		t.Errorf("rss of a missing pid: err = %v", err)
	}
}
