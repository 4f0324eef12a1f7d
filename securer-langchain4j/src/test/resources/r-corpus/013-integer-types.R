typeof(1); typeof(1L); typeof(1:3)
class(2.5); class("a"); class(TRUE); class(NULL)
5L / 2L
5L %/% 2L
class(5L %/% 2L)
as.integer(3.9)
as.integer(-3.9)
as.integer("42")
is.numeric(1L)
identical(1L, 1)
.Machine$integer.max
sqrt(2)^2 == 2
bitwAnd(12L, 10L); bitwOr(12L, 10L); bitwXor(12L, 10L)
bitwShiftL(1L, 4L)
strtoi("1011", base = 2)
strtoi("ff", 16L)
as.hexmode(255)
format(as.hexmode(255), width = 4)
