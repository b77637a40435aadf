//go:build linux

package ledger

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// releaseMapping drops the pages of every mapping of the file at path from this process's
// resident set (madvise MADV_DONTNEED). The caller must keep the mappings from changing
// meanwhile (Release holds a bbolt read transaction, which holds bbolt's mmap lock).
// bbolt maps its file read-only and shared, and writes with pwrite: the pages stay in the
// kernel's page cache, and a later read maps them back without disk I/O.
func releaseMapping(path string) (int64, error) {
	f, err := os.Open("/proc/self/maps")
	if err != nil {
		return 0, err
	}
	defer f.Close()
	var released int64
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		// 7f1c2a000000-7f1c2b000000 r--s 00000000 08:01 1234   /path/to/state-cache.db
		fields := strings.Fields(sc.Text())
		if len(fields) < 6 || strings.Join(fields[5:], " ") != path || !strings.HasSuffix(fields[1], "s") {
			continue
		}
		lo, hi, ok := strings.Cut(fields[0], "-")
		start, err1 := strconv.ParseUint(lo, 16, 64)
		end, err2 := strconv.ParseUint(hi, 16, 64)
		if !ok || err1 != nil || err2 != nil || end <= start {
			return released, fmt.Errorf("unreadable line in /proc/self/maps: %q", sc.Text())
		}
		if _, _, errno := unix.Syscall(unix.SYS_MADVISE, uintptr(start), uintptr(end-start), unix.MADV_DONTNEED); errno != 0 {
			return released, fmt.Errorf("madvise: %w", errno)
		}
		released += int64(end - start)
	}
	return released, sc.Err()
}
