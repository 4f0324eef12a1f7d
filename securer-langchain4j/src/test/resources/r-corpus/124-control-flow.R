for (i in 1:3) cat("iteration", i, "\n")
x <- 7
if (x > 5) {
  cat("big\n")
} else if (x > 2) {
  cat("medium\n")
} else {
  cat("small\n")
}
n <- 0
while (n < 5) { n <- n + 2 }
n
for (ch in c("a", "b", "c")) { if (ch == "b") next; print(ch) }
i <- 0
repeat { i <- i + 1; if (i^2 > 50) break }
i
res <- for (k in 1:3) k
res
k
y <- if (FALSE) 1
y
seq_total <- 0; for (v in seq_len(0)) seq_total <- seq_total + 1; seq_total
