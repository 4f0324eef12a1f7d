month.name
month.abb
state.name[1:20]
print(month.name, quote = FALSE)
noquote(month.abb)
c("a short one", "a considerably longer string that takes up room", "mid-length text")
paste("word", 1:25)
