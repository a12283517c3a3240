//go:build unix

package check

import (
	"os"
	"path/filepath"
	"syscall"
)

// lockDir takes the cache directory for this process, without waiting:
// two processes of one site at once must not write one cache. It returns
// the lock to release, or nil when another process holds it.
func lockDir(dir string) *os.File {
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
