package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// serverSpec says how to start a server under test. argv may hold {addr},
// replaced by a free local address.
type serverSpec struct {
	name   string
	argv   []string
	env    []string
	health string // path answering 200 once the server can serve
}

// server is a running server under test.
type server struct {
	serverSpec
	addr string
	log  string // file holding the process's output
	cmd  *exec.Cmd
	done chan struct{} // closed when the process has exited
	// coldStart is the time from starting the process to the first 200
	// from its health path.
	coldStart time.Duration
}

// start runs spec and waits until its health path answers 200.
func start(ctx context.Context, spec serverSpec, logDir string) (*server, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	argv := make([]string, len(spec.argv))
	for i, a := range spec.argv {
		argv[i] = strings.ReplaceAll(a, "{addr}", addr)
	}
	s := &server{serverSpec: spec, addr: addr, done: make(chan struct{}),
		log: filepath.Join(logDir, strings.ReplaceAll(spec.name, " ", "_")+".log")}
	out, err := os.Create(s.log)
	if err != nil {
		return nil, err
	}
	defer out.Close()
	s.cmd = exec.Command(argv[0], argv[1:]...)
	s.cmd.Env = append(os.Environ(), spec.env...)
	s.cmd.Stdout, s.cmd.Stderr = out, out
	t0 := time.Now()
	if err := s.cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", spec.name, err)
	}
	go func() {
		s.cmd.Wait()
		close(s.done)
	}()
	if err := s.waitReady(ctx); err != nil {
		s.stop()
		return nil, fmt.Errorf("%s (%s): %w; its output is in %s", spec.name, strings.Join(argv, " "), err, s.log)
	}
	s.coldStart = time.Since(t0)
	return s, nil
}

// readyTimeout bounds a server's start-up.
const readyTimeout = 60 * time.Second

func (s *server) waitReady(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, readyTimeout)
	defer cancel()
	client := &http.Client{Timeout: time.Second}
	for {
		resp, err := client.Get(s.url(s.health))
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-s.done:
			return errors.New("exited before it was ready")
		case <-ctx.Done():
			return fmt.Errorf("not ready after %v: %w", readyTimeout, ctx.Err())
		case <-time.After(2 * time.Millisecond):
		}
	}
}

func (s *server) url(path string) string { return "http://" + s.addr + path }

// stop asks the server to exit, then kills it if it has not within a few
// seconds.
func (s *server) stop() {
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(5 * time.Second):
		s.cmd.Process.Kill()
		<-s.done
	}
}

// freeAddr returns a local address no one listens on right now.
func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("find a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().String(), nil
}
