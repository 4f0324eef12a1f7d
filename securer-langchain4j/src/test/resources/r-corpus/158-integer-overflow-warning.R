big <- .Machine$integer.max
big
big + 1L
big + 1
2147483647L * 2L
