x <- "She said \"hi\"\tand left\n"
x
cat(x)
print(x, quote = FALSE)
nchar(x)
'single quotes'
"back\\slash"
cat("back\\slash\n")
dQuote("text", FALSE)
sQuote("text", FALSE)
shQuote("it's")
encodeString("a\nb")
encodeString("x", quote = '"')
"\u00e9"
writeLines(c("line 1", "line 2"))
writeLines("tab\there")
