// Package cachelock gives one process at a time a cache directory under
// .carepress/cache. Two processes of one site may run at once (serve and a
// build, or tests in parallel packages); the one that cannot take the lock
// works without that cache for its run instead of waiting or corrupting it.
package cachelock
