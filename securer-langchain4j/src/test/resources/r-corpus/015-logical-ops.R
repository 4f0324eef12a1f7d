TRUE & NA
FALSE & NA
TRUE | NA
xor(TRUE, FALSE)
isTRUE(c(TRUE, TRUE))
any(c(FALSE, NA, TRUE))
all(c(TRUE, NA))
all(logical(0))
sum(c(TRUE, FALSE, TRUE))
!c(TRUE, FALSE)
as.logical(c("yes", "TRUE", "true", "T", "0"))
as.logical(0:2)
