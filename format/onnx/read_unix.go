//go:build unix

package onnx

import (
	"os"
	"syscall"
)

// readModel maps the model file into memory: decoding copies what it keeps,
// so the file's pages are never a second heap copy of the weights. release
// unmaps them.
func readModel(f *os.File, size int64) (data []byte, release func(), err error) {
	if size == 0 {
		return nil, func() {}, nil
	}
	data, err = syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_PRIVATE)
	if err != nil {
		return nil, nil, err
	}
	return data, func() { syscall.Munmap(data) }, nil
}

// fileKey identifies the file fi describes, so its names (links) share one
// key.
func fileKey(name string, fi os.FileInfo) any {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return [2]uint64{uint64(st.Dev), uint64(st.Ino)}
	}
	return name
}
