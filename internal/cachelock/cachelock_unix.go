//go:build unix

package cachelock

import (
	"os"
	"path/filepath"
	"syscall"
)

// Dir takes the cache directory dir for this process, without waiting. It
// returns the lock to close when done, or nil when another process holds
// it (or it cannot be taken).
func Dir(dir string) *os.File {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil
	}
	f, err := os.OpenFile(filepath.Join(dir, "lock"), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil
	}
	return f
}
