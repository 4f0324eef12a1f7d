s <- "alpha,beta,,gamma"
strsplit(s, ",")
strsplit(c("a b c", "d e"), " ")
unlist(strsplit("2024-06-30", "-"))
strsplit("a1b22c333", "[0-9]+")
strsplit("hello", "")
sapply(strsplit(c("John Smith", "Jane Doe"), " "), `[`, 2)
strsplit("a.b.c", ".", fixed = TRUE)
do.call(rbind, strsplit(c("k1=v1", "k2=v2", "k3=v3"), "="))
words <- strsplit("the quick brown fox jumps over the lazy dog", " ")[[1]]
table(nchar(words))
sort(table(words), decreasing = TRUE)[1:3]
