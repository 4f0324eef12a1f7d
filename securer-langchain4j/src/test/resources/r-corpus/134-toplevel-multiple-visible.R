1 + 1
"a string"
c(x = 1, y = 2)
TRUE
3 -> z
z * 2
mean(1:10); median(c(5, 3, 1))
