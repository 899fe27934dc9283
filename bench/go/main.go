// The five real-thread benchmark shapes of benches/real_threads.rs, in Go.
//
// Each prints one line per shape: "<shape> <ns/op>", measured like the Rust benches: threads
// started once per batch, time per round trip (ping_pong), item through the pipeline
// (pipeline3), message (spsc128, fan_in_select) or job done and collected (workers4).
//
//	go run . [-n 200000] [-runs 5]   # the median of the runs is printed
package main

import (
	"flag"
	"fmt"
	"sort"
	"time"
)

func pingPong(n int) time.Duration {
	ping, pong := make(chan int), make(chan int)
	go func() {
		for v := range ping {
			pong <- v
		}
	}()
	start := time.Now()
	for i := 0; i < n; i++ {
		ping <- i
		<-pong
	}
	d := time.Since(start)
	close(ping)
	return d
}

func pipeline(n int) time.Duration {
	c1, c2, c3 := make(chan int), make(chan int), make(chan int)
	go func() {
		for i := 0; i < n; i++ {
			c1 <- i
		}
		close(c1)
	}()
	stage := func(in <-chan int, out chan<- int) {
		for v := range in {
			out <- v + 1
		}
		close(out)
	}
	go stage(c1, c2)
	go stage(c2, c3)
	start := time.Now()
	sum := 0
	for v := range c3 {
		sum += v
	}
	d := time.Since(start)
	if sum != n*(n-1)/2+2*n {
		panic("pipeline lost items")
	}
	return d
}

func spsc(n int) time.Duration {
	ch := make(chan int, 128)
	start := time.Now()
	go func() {
		for i := 0; i < n; i++ {
			ch <- i
		}
		close(ch)
	}()
	got := 0
	for range ch {
		got++
	}
	d := time.Since(start)
	if got != n {
		panic("spsc lost items")
	}
	return d
}

func workers(n int) time.Duration {
	jobs, results := make(chan int, 64), make(chan int, 64)
	start := time.Now()
	go func() {
		for i := 0; i < n; i++ {
			jobs <- i
		}
		close(jobs)
	}()
	for w := 0; w < 4; w++ {
		go func() {
			for j := range jobs {
				results <- j * 2
			}
		}()
	}
	sum := 0
	for i := 0; i < n; i++ {
		sum += <-results
	}
	d := time.Since(start)
	if sum != n*(n-1) {
		panic("workers lost jobs")
	}
	return d
}

func fanInSelect(n int) time.Duration {
	a, b := make(chan int, 16), make(chan int, 16)
	start := time.Now()
	for _, c := range []chan int{a, b} {
		go func(c chan int) {
			for i := 0; i < n/2; i++ {
				c <- i
			}
		}(c)
	}
	for got := 0; got < n/2*2; got++ {
		select {
		case <-a:
		case <-b:
		}
	}
	return time.Since(start)
}

func main() {
	n := flag.Int("n", 200000, "operations per run (ping_pong and pipeline use n/10)")
	runs := flag.Int("runs", 5, "runs per shape; the median is printed")
	flag.Parse()
	shapes := []struct {
		name string
		f    func(int) time.Duration
		n    int
	}{
		{"ping_pong", pingPong, *n / 10},
		{"pipeline3", pipeline, *n / 10},
		{"spsc128", spsc, *n},
		{"workers4", workers, *n},
		{"fan_in_select", fanInSelect, *n},
	}
	for _, s := range shapes {
		s.f(s.n / 10) // warm up
		per := make([]float64, *runs)
		for r := range per {
			per[r] = float64(s.f(s.n).Nanoseconds()) / float64(s.n)
		}
		sort.Float64s(per)
		fmt.Printf("%s %.1f\n", s.name, per[len(per)/2])
	}
}
