//go:build unix

package output

import (
	"context"
	"errors"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// lockPoll is how often a build waiting for the lock tries again.
const lockPoll = 50 * time.Millisecond

// lockFile takes the lock at name, an flock on a file that exists only
// while a build holds it, and writes this process's id into it. When
// another process holds it, busy is called once with that process's id
// (or ""), and lockFile tries again until it gets the lock or ctx is done.
//
// The holder removes the file before it lets go (unlock), so a waiter may
// end up holding an unlinked file: it checks that the file it locked is
// still the one at name, and starts over if not.
func lockFile(ctx context.Context, name string, busy func(pid string)) (*os.File, error) {
	told := false
	for {
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return nil, err
		}
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			held, herr := f.Stat()
			now, nerr := os.Stat(name)
			if herr == nil && nerr == nil && os.SameFile(held, now) {
				// The id is only for the message of a waiting build.
				if f.Truncate(0) == nil {
					_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
				}
				return f, nil
			}
			f.Close()
			continue
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) && !errors.Is(err, syscall.EINTR) {
			f.Close()
			return nil, err
		}
		if !told {
			told = true
			b := make([]byte, 32)
			n, _ := f.ReadAt(b, 0)
			busy(strings.TrimSpace(string(b[:n])))
		}
		f.Close()
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(lockPoll):
		}
	}
}

// unlock removes the lock file name and lets go of f, in that order (see
// lockFile).
func unlock(f *os.File, name string) {
	if f == nil {
		return
	}
	_ = os.Remove(name)
	f.Close()
}
