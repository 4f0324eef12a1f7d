1 / 0
-1 / 0
0 / 0
Inf - Inf
Inf * 0
is.na(NaN)
is.nan(NA)
is.finite(c(1, Inf, NA, NaN))
is.infinite(c(1, -Inf))
NA + 1
NA^0
NA || TRUE
max(c(1, NA, 3))
max(c(1, NA, 3), na.rm = TRUE)
exp(710)
log(0)
c(a = NA, b = NaN, c = Inf)
typeof(NA); typeof(NA_character_); typeof(NA_real_)
