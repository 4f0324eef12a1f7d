log(10)
log("a")
