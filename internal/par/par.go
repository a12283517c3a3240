// Package par runs independent pieces of work on every CPU.
package par

import (
	"context"
	"runtime"
	"sync"
)

// Each calls fn(i) for i in [0, n) on GOMAXPROCS goroutines and returns
// when all calls have finished. Once ctx is done no further call starts,
// and Each returns ctx's error.
func Each(ctx context.Context, n int, fn func(i int)) error {
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), max(n, 1)) {
		wg.Go(func() {
			for i := range next {
				fn(i)
			}
		})
	}
	for i := range n {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	return ctx.Err()
}
