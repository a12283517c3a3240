//go:build unix

package content

import (
	"io/fs"
	"syscall"
)

// inode is the file's inode number: a file replaced by a rename (as
// editors save) has a new one even when its size and time are the same.
func inode(fi fs.FileInfo) uint64 {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return uint64(st.Ino) //nolint:unconvert // uint32 on some systems
	}
	return 0
}
