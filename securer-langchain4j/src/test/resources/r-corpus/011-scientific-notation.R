1e10
1e-10
123456789012
1234567890123456
100000
1e5
1e15
1e16
0.0001
0.00001
c(1, 1e-8)
c(1e-300, 1e300)
.Machine$double.eps
0.1 + 0.2 == 0.3
isTRUE(all.equal(0.1 + 0.2, 0.3))
format(1e6, big.mark = ",")
format(1e-20, scientific = FALSE)
format(123456, scientific = TRUE)
2^53 + 1
factorial(20)
