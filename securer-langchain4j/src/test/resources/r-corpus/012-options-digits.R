pi
exp(1) * 1000
op <- options(digits = 4)
pi
c(1.123456, 22.98765, 333.1)
22/7
options(digits = 12)
pi
1/3
options(op)
pi
print(pi, digits = 3)
format(pi, digits = 10)
