module chancheck/bench

go 1.19
