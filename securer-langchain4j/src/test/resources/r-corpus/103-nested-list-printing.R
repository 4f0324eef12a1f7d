cfg <- list(
  db = list(host = "localhost", port = 5432L, opts = list(ssl = TRUE, timeout = 30)),
  users = list(list(id = 1, name = "a"), list(id = 2, name = "b")),
  tags = character(0),
  empty = NULL,
  mat = matrix(1:4, 2)
)
cfg
cfg$db$opts$timeout
cfg[["users"]][[2]]$name
