1
"two"
add_letter <- function(x) x + "a"
add_letter(1)
3
