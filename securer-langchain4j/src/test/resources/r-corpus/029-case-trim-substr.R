s <- "  Hello, World!  "
trimws(s)
trimws(s, which = "left")
trimws(s, which = "right")
toupper(s); tolower(s)
casefold("MiXeD", upper = TRUE)
nchar(s)
substr("abcdefgh", 3, 5)
substring("abcdefgh", 1:3, 3:5)
substring("abcdef", 1:6, 1:6)
x <- "kitten"
substr(x, 1, 1) <- "K"
x
paste(rev(strsplit("stressed", "")[[1]]), collapse = "")
chartr("abc", "xyz", "aabbcc")
startsWith(c("apple", "banana"), "a")
endsWith("report.csv", ".csv")
sprintf("%s...", substr("A long sentence to truncate", 1, 10))
strtrim("abcdef", c(1, 3, 10))
