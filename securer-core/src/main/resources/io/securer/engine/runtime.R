# securer child runtime, protocol @PROTOCOL_VERSION@ (docs/protocol.md). The host starts R with a
# bootstrap that parses and runs this file. The runtime talks to the host over one AF_UNIX socket
# (one JSON object per line, some followed by raw bytes) and reads bulk data from stdin.
#
# How it protects itself from the code it runs (docs/security-model.md, defence layer 16, "The runtime"):
#  - Everything in this file runs before any user code. Then the runtime's functions are SEALED:
#    every function they call is embedded by value (primitives, .Internal calls, other sealed
#    functions), their environments are empty, and they keep no state of their own between
#    executions. Re-binding or wrapping whatever user code can reach (frames, tool functions,
#    attached environments, base or package namespaces) does not change what the runtime does.
#  - Base closures the runtime may call are listed in USERLAND, and are only called where R
#    itself would run code of the user's: printing a visible value, a condition class's message,
#    opening a graphics device because the code draws.
#  - Tool functions are put back before every execution if user code replaced them.
#  - Nothing user code leaves behind runs after its execution ended, unless later code calls it:
#    an execution's reply is sent by `serve`, whose frame is locked, only after every frame that
#    was on the stack under the code has returned (exit code or active bindings planted there run
#    before the reply, as part of that execution); the runtime never reads a binding the code
#    could have replaced, never calls a method of a value's class, never switches the JIT (which
#    calls compiler functions by name) and keeps its functions small enough that the JIT never
#    compiles them (see the sealer).
local({
  fail_setup <- function(msg) {
    cat("@SETUP_ERROR_MARK@", msg, "\n", sep = "", file = stderr())
    quit(save = "no", status = 3L)
  }
  if (getRversion() < "4.0.0") fail_setup(sprintf("R %s is too old: securer needs R 4.0 or later", getRversion()))
  # No loop at the top level of this block: R byte-compiles a top-level expression holding a
  # loop before running it (~20 ms); functions are compiled lazily, and these never are.
  lapply(c("jsonlite", "processx"), function(pkg) {
    if (!requireNamespace(pkg, quietly = TRUE)) fail_setup(sprintf("R package '%s' is not installed", pkg))
  })
  args <- commandArgs(FALSE)
  file_at <- match("-f", args)
  if (is.na(file_at)) fail_setup("runtime started without -f <dir>/runtime.R")
  socket_path <- file.path(dirname(args[[file_at + 1L]]), "@SOCKET_FILE@")

  # The auth token arrives on stdin, never through the environment or argv. stdin then stays
  # open as the channel for bulk data from the host (data frames, files, snapshots).
  stdin_con <- file("stdin", "rb")
  token <- readBin(stdin_con, "raw", 65L)
  if (length(token) != 65L || token[[65L]] != as.raw(10L)) fail_setup("no auth token on stdin")
  token <- rawToChar(token[1:64])

  px <- asNamespace("processx")
  conn <- processx::conn_connect_unix_socket(socket_path)
  c_write <- px$c_processx_connection_write_bytes
  c_read_lines <- px$c_processx_connection_read_lines
  c_is_eof <- px$c_processx_connection_is_eof
  c_poll <- px$c_processx_poll
  r_parse <- asNamespace("jsonlite")$R_parse
  setup_send <- function(line) {
    bytes <- c(charToRaw(line), as.raw(10L))
    repeat {
      bytes <- .Call(c_write, conn, bytes)
      if (length(bytes) == 0L) break
      .Call(c_poll, list(conn), 2L, 1000L)
    }
  }
  # Data-frame columns go to the host through the FIFO it made beside the socket, if it could:
  # writeBin into an R connection copies in C, where the socket (processx) needs an R vector per
  # piece. The FIFO is held open read-write while the write end is opened, so that neither open
  # waits for a reader; the host opens its end once it has this hello.
  bulk_out <- NULL
  bulk_path <- file.path(dirname(args[[file_at + 1L]]), "@BULK_PIPE_FILE@")
  if (file.exists(bulk_path)) {
    holder <- tryCatch(fifo(bulk_path, "w+b"), error = function(e) NULL, warning = function(w) NULL)
    if (!is.null(holder)) {
      bulk_out <- tryCatch(file(bulk_path, "wb", raw = TRUE), error = function(e) NULL, warning = function(w) NULL)
      close(holder)
    }
  }
  setup_send(paste0("{\"type\":\"hello\",\"protocol\":@PROTOCOL_VERSION@,\"token\":\"", token, "\",\"pid\":",
                    Sys.getpid(), ",\"r_version\":\"", R.version$major, ".", R.version$minor,
                    "\",\"bulk_pipe\":", if (is.null(bulk_out)) "false" else "true", "}"))
  token <- NULL # useless once the host stopped listening; dropped all the same
  init <- local({
    repeat {
      line <- .Call(c_read_lines, conn, 1L)
      if (length(line) == 1L) break
      if (.Call(c_is_eof, conn)) quit(save = "no", status = 0L)
      .Call(c_poll, list(conn), 2L, -1L)
    }
    .Call(r_parse, line, FALSE)
  })
  if (!identical(init$type, "init")) fail_setup("the host's first message was not init")
  # A tool named like a function of R's default packages would hide that function from the code
  # (and models write R expecting c(), filter() or search() to be R's): refuse the session.
  clashes <- unlist(lapply(init$tools, function(spec) {
    for (pkg in c("base", getOption("defaultPackages"))) {
      env <- if (pkg == "base") baseenv() else tryCatch(as.environment(paste0("package:", pkg)), error = function(e) NULL)
      if (!is.null(env) && exists(spec$name, envir = env, inherits = FALSE) &&
          is.function(get(spec$name, envir = env, inherits = FALSE))) {
        return(sprintf("'%s' (%s::%s)", spec$name, pkg, spec$name))
      }
    }
    NULL
  }))
  if (length(clashes)) {
    cat("@CONFIG_ERROR_MARK@", sprintf(paste0("tool name%s %s would hide R's own function%s of the same name; give ",
        "%s another name (SecurerTool.renamed, or SecurerTools.prefixed/renamed for converted LangChain4j tools)"),
        if (length(clashes) > 1L) "s" else "", paste(clashes, collapse = ", "), if (length(clashes) > 1L) "s" else "",
        if (length(clashes) > 1L) "them" else "it"), "\n", sep = "", file = stderr())
    quit(save = "no", status = 3L)
  }

  # ---------------------------------------------------------------------------------------
  # The sealer. Conventions it enforces on the functions in `defs`: ALL_CAPS names are
  # constants; a name called as a function is a runtime function (`defs`), a primitive, a
  # USERLAND closure or a local; .Internal(f(...)) keeps `f` as the internal's name; locals
  # never share a name with a constant or a runtime function; no complex assignment
  # (`x$a <- v`), since R would look the replacement function up by name at run time.
  #
  # It also keeps every runtime function out of the JIT's reach. R compiles a closure the second
  # time it is called with the JIT on if its body is large (JIT_score >= 50), by calling
  # compiler:::tryCmpfun by name, which user code can re-bind, and runs what that returns instead
  # of the function. A small closure is marked never-to-compile the first time it is seen. So a
  # sealed body that scores 40 or more (or uses SELF) becomes small: `.Internal(eval(<the body
  # inside an expression vector, which R does not score>, <the function's own frame>, NULL))`.
  # return(), on.exit() and missing() work as before (eval's context belongs to the same frame);
  # SELF looks one context further down. Closures created per call must stay small.
  # ---------------------------------------------------------------------------------------
  seal_all <- function(defs, consts, userland, given = list()) {
    is_const <- function(nm) grepl("^[A-Z][A-Z0-9_]*$", nm)
    # R's JIT_score as R computes it for a sealed body (call heads there are values, not symbols).
    jit_score <- function(e) {
      if (!is.call(e)) return(1L)
      s <- 1L
      for (a in as.list(e)[-1L]) if (!identical(a, quote(expr = ))) s <- s + jit_score(a)
      s
    }
    # Applies walk to each element of parts that is not an empty argument (a call's parts; a
    # function's body and its arguments' defaults).
    each_part <- function(parts, walk) {
      for (i in seq_along(parts)) if (!identical(parts[[i]], quote(expr = ))) walk(parts[[i]])
    }
    locals_of <- function(f) {
      out <- names(formals(f))
      walk <- function(e) {
        if (is.call(e)) {
          h <- e[[1L]]
          if (is.symbol(h)) {
            hn <- as.character(h)
            if (hn %in% c("<-", "=", "<<-") && length(e) == 3L) {
              if (is.call(e[[2L]])) stop("complex assignment ", deparse(e)[[1L]])
              out <<- c(out, as.character(e[[2L]]))
            } else if (hn == "for") {
              out <<- c(out, as.character(e[[2L]]))
            } else if (hn == "function") {
              out <<- c(out, names(e[[2L]]))
            } else if (hn %in% c("quote", "~")) {
              return(invisible())
            }
          }
          each_part(e, walk)
        }
        invisible()
      }
      each_part(c(list(body(f)), as.list(formals(f))), walk)
      unique(out)
    }
    calls_of <- function(f) {
      out <- character()
      walk <- function(e) {
        if (is.call(e)) {
          if (is.symbol(e[[1L]])) out <<- c(out, as.character(e[[1L]]))
          if (identical(e[[1L]], quote(.Internal)) || identical(e[[1L]], quote(quote))) {
            if (identical(e[[1L]], quote(.Internal))) for (a in as.list(e[[2L]])[-1L]) walk(a)
            return(invisible())
          }
          each_part(e, walk)
        }
        invisible()
      }
      each_part(c(list(body(f)), as.list(formals(f))), walk)
      unique(out)
    }
    base <- baseenv()
    resolve <- function(nm, sealed, locals, where) {
      if (nm %in% locals) return(NULL)
      if (!is.null(sealed[[nm]])) return(sealed[[nm]])
      if (!is.null(userland[[nm]])) return(userland[[nm]])
      if (exists(nm, envir = base, inherits = FALSE)) {
        v <- get(nm, envir = base, inherits = FALSE)
        if (is.primitive(v)) return(v)
        stop("runtime function ", where, " calls base closure '", nm, "': use .Internal or a primitive")
      }
      stop("runtime function ", where, " calls unknown function '", nm, "'")
    }
    seal_one <- function(f, where, sealed, locals = locals_of(f), called = calls_of(f)) {
      clash <- intersect(locals, c(names(defs), names(consts)))
      if (length(clash)) stop("runtime function ", where, " has locals named like runtime names: ", paste(clash, collapse = ", "))
      walk <- function(e) {
        if (is.symbol(e)) {
          nm <- as.character(e)
          if (nzchar(nm) && is_const(nm) && !(nm %in% locals)) {
            if (!(nm %in% names(consts))) stop("runtime function ", where, " uses unknown constant ", nm)
            return(consts[[nm]])
          }
          return(e)
        }
        if (!is.call(e)) return(e)
        h <- e[[1L]]
        if (is.symbol(h)) {
          hn <- as.character(h)
          if (hn == "quote") return(as.call(list(quote, e[[2L]])))
          if (hn == ".Internal") {
            inner <- e[[2L]]
            for (i in seq_along(inner)[-1L]) if (!identical(inner[[i]], quote(expr = ))) inner[i] <- list(walk(inner[[i]]))
            return(as.call(list(.Internal, inner)))
          }
          if (hn == "SELF") {
            h2 <- as.call(list(sealed$outer_function))
          } else if (is_const(hn) && !(hn %in% locals)) {
            if (!(hn %in% names(consts))) stop("runtime function ", where, " calls unknown constant ", hn)
            h2 <- consts[[hn]]
          } else {
            h2 <- resolve(hn, sealed, locals, where)
          }
          if (hn %in% c("$", "@")) return(as.call(list(h2, walk(e[[2L]]), e[[3L]])))
          if (hn == "function") {
            fm <- e[[2L]]
            for (i in seq_along(fm)) if (!identical(fm[[i]], quote(expr = ))) fm[i] <- list(walk(fm[[i]]))
            inner <- walk(e[[3L]])
            if (jit_score(inner) >= 40L) stop("runtime function ", where, " creates a closure too large for the JIT rule")
            return(as.call(list(h2, fm, inner)))
          }
          if (hn == "for") return(as.call(list(h2, e[[2L]], walk(e[[3L]]), walk(e[[4L]]))))
          if (hn %in% c("<-", "=", "<<-")) return(as.call(list(h2, e[[2L]], walk(e[[3L]]))))
          if (hn == "missing") return(as.call(list(h2, e[[2L]])))
          e[[1L]] <- if (is.null(h2)) h else h2
        } else {
          e[[1L]] <- walk(h)
        }
        for (i in seq_along(e)[-1L]) if (!identical(e[[i]], quote(expr = ))) e[i] <- list(walk(e[[i]]))
        e
      }
      g <- f
      fm <- formals(f)
      for (i in seq_along(fm)) if (!identical(fm[[i]], quote(expr = ))) fm[i] <- list(walk(fm[[i]]))
      formals(g) <- fm
      b <- walk(body(f))
      if ("SELF" %in% called || jit_score(b) >= 40L) {
        if (is.null(sealed$caller_frame)) stop("runtime function ", where, " is large and caller_frame is not sealed yet")
        b <- as.call(list(.Internal, as.call(list(as.name("eval"), as.expression(list(b)), as.call(list(sealed$caller_frame)), NULL))))
      }
      body(g) <- b
      environment(g) <- emptyenv()
      g
    }
    sealed <- given
    pending <- setdiff(names(defs), names(given))
    # Each function's runtime dependencies, found once (walking every body again on each round
    # of the loop below cost most of the set-up time).
    deps_of <- list()
    locals_by <- list()
    calls_by <- list()
    for (nm in pending) {
      locals_by[[nm]] <- locals_of(defs[[nm]])
      calls_by[[nm]] <- calls_of(defs[[nm]])
      called <- c(calls_by[[nm]], "caller_frame")
      if ("SELF" %in% called) called <- c(called, "outer_function")
      deps_of[[nm]] <- setdiff(intersect(called, names(defs)), c(nm, locals_by[[nm]]))
    }
    while (length(pending)) {
      done <- character()
      for (nm in pending) {
        deps <- deps_of[[nm]]
        if (all(deps %in% names(sealed))) {
          sealed[[nm]] <- seal_one(defs[[nm]], nm, sealed, locals_by[[nm]], calls_by[[nm]])
          done <- c(done, nm)
        }
      }
      if (!length(done)) stop("runtime functions call each other in a cycle: ", paste(pending, collapse = ", "))
      pending <- setdiff(pending, done)
    }
    sealed
  }

  # ---------------------------------------------------------------------------------------
  # The runtime's functions, as ordinary R.
  # ---------------------------------------------------------------------------------------
  defs <- list()
  defs$same <- function(x, y) .Internal(identical(x, y, TRUE, TRUE, TRUE, TRUE, FALSE, TRUE, FALSE))

  # ---- the channel ----------------------------------------------------------------------
  # The socket is non-blocking: processx writes what fits and returns the rest (a copy). Until
  # the host has made room, wait for the socket to become writable: processx polls a plain
  # descriptor list (its poll type 3) for POLLOUT, which Linux reports once the socket's send
  # buffer is three quarters empty. A processx that cannot tell the descriptor waits 1 ms.
  defs$send_bytes <- function(bytes) {
    repeat {
      bytes <- .Call(C_WRITE, CONN, bytes)
      if (length(bytes) == 0L) break
      if (is.null(CONN_WRITABLE)) .Call(C_POLL, list(CONN), 2L, 1L) else .Call(C_POLL, list(CONN_WRITABLE), 3L, 1000L)
    }
  }
  defs$send_line <- function(line) send_bytes(c(.Internal(charToRaw(line)), as.raw(10L)))
  # The next message from the host, as parse_json(simplifyVector = FALSE) gives it.
  defs$recv <- function() {
    repeat {
      line <- .Call(C_READ_LINES, CONN, 1L)
      if (length(line) == 1L) return(.Call(R_PARSE, line, FALSE))
      if (.Call(C_IS_EOF, CONN)) .Internal(quit("no", 0L, FALSE))
      .Call(C_POLL, list(CONN), 2L, -1L)
    }
  }
  defs$fail <- function(msg) .Internal(stop(FALSE, .Internal(paste0(list(msg), NULL, FALSE))))
  defs$paste_ <- function(...) .Internal(paste0(list(...), NULL, FALSE))
  defs$join <- function(x, sep) .Internal(paste0(list(x), sep, FALSE))
  defs$int <- function(x) as.integer(x)
  # Whether unclass(x) is a single non-NA number. Options user code can set are unclassed and
  # checked with this before any arithmetic, so that no method of their class runs.
  defs$plain_number <- function(x) {
    v <- unclass(x)
    (is.integer(v) || is.double(v)) && length(v) == 1L && !is.na(v)
  }

  # ---- JSON out ------------------------------------------------------------------------
  # Strings as JSON literals. Text that is not valid UTF-8 goes with its bad bytes written as
  # \xNN (R's own notation), so that what the host receives is always valid UTF-8.
  defs$js_str <- function(x) {
    if (length(x) == 0L) return(.Internal(vector("character", 0L)))
    x <- enc2utf8(escape_bad_bytes(as.character(x)))
    s <- .Internal(gsub("\\", "\\\\", x, FALSE, FALSE, TRUE, FALSE))
    s <- .Internal(gsub("\"", "\\\"", s, FALSE, FALSE, TRUE, FALSE))
    if (any(.Internal(grepl("[[:cntrl:]]", s, FALSE, FALSE, FALSE, FALSE, TRUE, FALSE)), na.rm = TRUE)) {
      s <- .Internal(gsub("\n", "\\n", s, FALSE, FALSE, TRUE, FALSE))
      s <- .Internal(gsub("\r", "\\r", s, FALSE, FALSE, TRUE, FALSE))
      s <- .Internal(gsub("\t", "\\t", s, FALSE, FALSE, TRUE, FALSE))
      s <- ctl_escape(s)
    }
    s <- paste_("\"", s, "\"")
    `[<-`(s, is.na(x), "null")
  }
  # Strings with the bytes that are not valid UTF-8 written as \xNN. Bad bytes must be found
  # before enc2utf8, which would turn each into "<xx>"; latin1 text is left for enc2utf8 to convert.
  defs$escape_bad_bytes <- function(x) {
    bad <- !is.na(x) & !.Internal(validUTF8(x)) & .Internal(Encoding(x)) != "latin1"
    if (any(bad)) {
      fixed <- .Internal(iconv(x[bad], "UTF-8", "UTF-8", "byte", FALSE, FALSE))
      fixed <- .Internal(gsub("<([0-9a-fA-F]{2})>", "\\\\x\\1", fixed, FALSE, FALSE, FALSE, FALSE))
      x <- `[<-`(x, bad, fixed)
    }
    x
  }
  # Any other control character as \u00XX.
  defs$ctl_escape <- function(s) {
    for (code in c(1:8, 11L, 12L, 14:31, 127L)) {
      ch <- .Internal(intToUtf8(code, FALSE, FALSE))
      rep <- .Internal(sprintf("\\u%04x", code))
      s <- .Internal(gsub(ch, rep, s, FALSE, FALSE, TRUE, FALSE))
    }
    s
  }
  defs$js_num <- function(x) {
    s <- .Internal(sprintf("%.15g", x))
    ok <- !is.na(x) & is.finite(x)
    lossy <- ok
    lossy <- `[<-`(lossy, ok, .Internal(as.vector(s[ok], "double")) != x[ok])
    if (any(lossy)) s <- `[<-`(s, lossy, .Internal(sprintf("%.17g", x[lossy])))
    `[<-`(s, !ok, "null")
  }
  defs$js_atomic <- function(x) {
    t <- .Internal(typeof(x))
    if (t == "character") return(js_str(x))
    if (t == "double") return(js_num(x))
    if (t == "integer") return(`[<-`(as.character(x), is.na(x), "null"))
    if (t == "logical") return(`[<-`(`[<-`(.Internal(rep_len("false", length(x))), !is.na(x) & x, "true"), is.na(x), "null"))
    if (t == "complex") return(js_str(as.character(x)))
    NULL
  }
  # A value's plain data, for JSON and for the data channel: factors, dates and times become
  # text, other classes are dropped; no method of the value's class is called.
  defs$plain <- function(v) {
    if (is.null(oldClass(v))) return(v)
    if (.Internal(inherits(v, "factor", FALSE))) {
      lv <- .subset2(attributes(v), "levels")
      return(lv[unclass(v)])
    }
    if (.Internal(inherits(v, "Date", FALSE))) return(date_text(v))
    if (.Internal(inherits(v, "POSIXct", FALSE))) return(time_text(v))
    unclass(v)
  }
  defs$date_text <- function(x) {
    s <- .Internal(format.POSIXlt(.Internal(Date2POSIXlt(unclass(x))), "%Y-%m-%d", FALSE))
    `[<-`(s, is.na(unclass(x)), NA_character_)
  }
  defs$time_text <- function(x) {
    s <- .Internal(format.POSIXlt(.Internal(as.POSIXlt(unclass(x), "UTC")), "%Y-%m-%dT%H:%M:%OSZ", FALSE))
    `[<-`(s, is.na(unclass(x)), NA_character_)
  }
  # jsonlite's conventions (length-1 vectors unboxed, NA as null, named lists as objects, data
  # frames as arrays of row objects, factors and dates as text). NULL when the text would pass
  # `budget` bytes: measured on a sample first, so a huge value is not encoded for nothing.
  defs$encode <- function(x, budget) {
    if (estimate(x) > budget) return(NULL)
    s <- encode_value(x, TRUE)
    if (is.null(s) || .Internal(nchar(s, "bytes", FALSE, FALSE)) > budget) return(NULL)
    s
  }
  defs$estimate <- function(x) {
    if (is.null(x)) return(4)
    if (.Internal(inherits(x, "data.frame", FALSE))) {
      n <- .Internal(shortRowNames(x, 2L))
      if (n == 0L) return(2)
      k <- min(n, 50L)
      head <- `attr<-`(`attr<-`(lapply_frame(x, k), "class", "data.frame"), "row.names", seq_len(k))
      s <- encode_value(head, TRUE)
      return(if (is.null(s)) 0 else .Internal(nchar(s, "bytes", FALSE, FALSE)) / k * n)
    }
    v <- plain(x)
    if (is.atomic(v)) {
      n <- length(v)
      if (n <= 100L) return(0)
      s <- js_atomic(`attributes<-`(v[1:100], NULL))
      return(if (is.null(s)) 0 else sum(.Internal(nchar(s, "bytes", FALSE, FALSE))) / 100 * n)
    }
    if (is.list(v)) {
      total <- 0
      for (i in seq_along(v)) total <- total + SELF(.subset2(v, i))
      return(total)
    }
    0
  }
  defs$lapply_frame <- function(x, k) {
    cols <- unclass(x)
    out <- `attributes<-`(cols, NULL)
    for (j in seq_along(cols)) out <- `[[<-`(out, j, .subset2(cols, j)[1:k])
    `names<-`(out, names(cols))
  }
  # (nesting deeper than the host accepts (64) fails, so the value is reported as omitted)
  defs$encode_value <- function(v, top, depth = 0L) {
    if (depth > 60L) fail("the value is nested too deeply for JSON")
    if (is.null(v)) return("null")
    if (.Internal(inherits(v, "data.frame", FALSE))) return(encode_frame(v))
    dims <- attr(v, "dim", TRUE) # not dim(): that would call a dim method of the value's class
    v <- plain(v)
    if (is.atomic(v)) {
      s <- js_atomic(`attributes<-`(v, NULL))
      if (is.null(s)) return("null")
      if (length(dims) == 2L && dims[[1L]] > 0L) {
        nr <- dims[[1L]]
        rows <- .Internal(vector("character", nr))
        for (i in seq_len(nr)) rows <- `[<-`(rows, i, paste_("[", join(s[seq.int(i, length(s), nr)], ","), "]"))
        return(paste_("[", join(rows, ","), "]"))
      }
      if (length(s) == 1L) return(s)
      return(paste_("[", join(s, ","), "]"))
    }
    if (is.list(v)) {
      nms <- names(v)
      parts <- .Internal(vector("character", length(v)))
      for (i in seq_along(v)) parts <- `[<-`(parts, i, SELF(.subset2(v, i), FALSE, depth + 1L))
      if (is.null(nms) || length(v) == 0L) return(paste_("[", join(parts, ","), "]"))
      keys <- js_str(`[<-`(nms, !nzchar(nms), as.character(seq_along(v))[!nzchar(nms)]))
      return(paste_("{", join(paste_(keys, ":", parts), ","), "}"))
    }
    "null"
  }
  defs$encode_frame <- function(df) {
    cols <- unclass(df)
    n <- .Internal(shortRowNames(df, 2L))
    if (length(cols) == 0L || n == 0L) return("[]")
    keys <- js_str(names(cols))
    rows <- .Internal(rep_len("", n))
    for (j in seq_along(cols)) {
      col <- plain(.subset2(cols, j))
      s <- if (is.atomic(col)) js_atomic(`attributes<-`(col, NULL)) else NULL
      if (is.null(s)) s <- .Internal(rep_len("null", n))
      rows <- paste_(rows, if (j > 1L) "," else "", keys[[j]], ":", s)
    }
    paste_("[", join(paste_("{", rows, "}"), ","), "]")
  }
  defs$js_strings <- function(x) if (length(x) == 0L) "[]" else paste_("[", join(js_str(x), ","), "]")

  # ---- JSON in: parse_json's lists, simplified as fromJSON(simplifyVector = TRUE) does -----
  defs$simplify <- function(x) {
    if (!is.list(x)) return(x)
    n <- length(x)
    if (!is.null(names(x))) {
      for (i in seq_len(n)) if (!is.null(.subset2(x, i))) x <- `[[<-`(x, i, SELF(.subset2(x, i)))
      return(x)
    }
    if (n == 0L) return(list())
    scalar <- TRUE
    records <- TRUE
    for (i in seq_len(n)) {
      e <- .subset2(x, i)
      if (!(is.null(e) || (is.atomic(e) && length(e) == 1L))) scalar <- FALSE
      if (!(is.list(e) && !is.null(names(e)))) records <- FALSE
    }
    if (scalar) {
      types <- .Internal(vector("character", 0L))
      for (i in seq_len(n)) if (!is.null(.subset2(x, i))) types <- c(types, .Internal(typeof(.subset2(x, i))))
      types <- .Internal(unique(types, FALSE, FALSE, NA))
      if (length(types) == 0L) return(.Internal(rep_len(NA, n)))
      if (length(types) == 1L || all(.Internal(match(types, c("integer", "double"), 0L, NULL)) > 0L)) {
        out <- .Internal(vector(if (length(types) == 1L) types[[1L]] else "double", n))
        for (i in seq_len(n)) out <- `[<-`(out, i, if (is.null(.subset2(x, i))) NA else .subset2(x, i))
        return(out)
      }
      return(x)
    }
    if (records) {
      keys <- .Internal(vector("character", 0L))
      for (i in seq_len(n)) keys <- c(keys, names(.subset2(x, i)))
      keys <- .Internal(unique(keys, FALSE, FALSE, NA))
      cols <- .Internal(vector("list", length(keys)))
      for (j in seq_along(keys)) {
        col <- .Internal(vector("list", n))
        for (i in seq_len(n)) {
          v <- .subset2(.subset2(x, i), keys[[j]])
          if (!is.null(v)) col <- `[[<-`(col, i, v)
        }
        cols <- `[[<-`(cols, j, SELF(col))
      }
      return(as_frame(`names<-`(cols, keys), n))
    }
    for (i in seq_len(n)) if (!is.null(.subset2(x, i))) x <- `[[<-`(x, i, SELF(.subset2(x, i)))
    x
  }
  defs$as_frame <- function(cols, n) {
    `attributes<-`(cols, list(names = names(cols), class = "data.frame", row.names = c(NA_integer_, -as.integer(n))))
  }

  # ---- conditions ------------------------------------------------------------------------
  # Evaluates the promise `expr`, catching errors and interrupts with an exiting handler, as
  # tryCatch would, but with no base closure on the way.
  defs$guard <- function(expr) {
    catcher <- function(thunk) {
      .Internal(.addCondHands(c("error", "interrupt"), list(1L, 2L), EMPTYENV, caller_frame(), FALSE))
      thunk
    }
    r <- catcher(return(list(ok = TRUE, value = expr)))
    # R hands an exiting handler the condition, or for an error raised in C either nothing (the
    # message is in R's error buffer) or, for some (a failed write to a connection), the message
    cond <- r[[1L]]
    errmsg <- if (is.null(cond)) .Internal(geterrmessage()) else if (is.character(cond)) cond[[1L]] else NULL
    if (!is.null(errmsg)) cond <- NULL
    list(ok = FALSE, interrupted = same(r[[3L]], 2L), cond = cond, call = r[[2L]], errmsg = errmsg)
  }
  # The frame and the call of the function that calls these (the .Internal versions of sys.* look
  # one frame up, which is why they are wrapped), and the function whose body eval() runs (SELF in
  # a large runtime function, see the sealer).
  defs$caller_frame <- function() .Internal(environment(NULL))
  defs$outer_function <- function() .Internal(sys.function(-1L))
  defs$this_call <- function() .Internal(sys.call(0L))
  # The message of what guard caught: R's error buffer for an error raised in C, else the condition's.
  defs$message_of <- function(g) if (is.null(g$cond)) g$errmsg else cond_message(g$cond)
  defs$cond_message <- function(cond) {
    m <- .subset2(cond, "message")
    stock <- all(.Internal(match(class(cond), PLAIN_CONDITIONS, 0L, NULL)) > 0L)
    if (stock && is.character(m) && is.null(oldClass(m)) && length(m) >= 1L && !is.na(m[[1L]])) return(m[[1L]])
    # a condition class of its own (processx and rlang errors have them): R asks its
    # conditionMessage method, which is the code's own, so it runs as the code would
    r <- guard(userland(USER_CONDITION_MESSAGE, cond))
    if (r$ok && is.character(r$value) && is.null(oldClass(r$value)) && length(r$value) >= 1L) r$value[[1L]] else "<the message could not be read>"
  }
  # Calls a USERLAND closure as R's top level would: from an environment whose parent is the
  # global environment, so that S3 methods the code defined there are found.
  defs$userland <- function(fn, x) {
    env <- .Internal(new.env(TRUE, GLOBALENV, 5L))
    .Internal(assign("x", x, env, FALSE))
    .Internal(eval(as.call(list(fn, quote(x))), env, NULL))
  }
  defs$find_restart <- function(name) {
    i <- 1L
    repeat {
      r <- .Internal(.getRestart(i))
      if (is.null(r)) return(NULL)
      if (same(.subset2(r, 1L), name)) return(r)
      i <- i + 1L
    }
  }
  defs$deparse_call <- function(call) .Internal(deparse(call, 60L, TRUE, DEPARSE_OPTS, 1L))[[1L]]
  # "Error in f(x) : msg" or "Error: msg", with R's rule for moving a long message to the next line.
  defs$error_text <- function(call, msg) {
    if (is.null(call)) return(paste_("Error: ", msg, "\n"))
    dcall <- deparse_call(call)
    first <- .Internal(strsplit(msg, "\n", TRUE, FALSE, FALSE))[[1L]]
    w <- 14L + .Internal(nchar(dcall, "w", FALSE, NA)) + .Internal(nchar(if (length(first)) first[[1L]] else "", "w", FALSE, NA))
    paste_("Error in ", dcall, if (!is.na(w) && w > 75L) " : \n  " else " : ", msg, "\n")
  }

  # ---- evaluation --------------------------------------------------------------------------
  # One top-level expression, in the global environment. R's console shows no call for a
  # condition raised at the top level of the code: here that top level is this function's
  # .Internal(eval), so warnings carrying its call are re-issued without one (errors are
  # handled in report_error). `tally` counts warnings left for R to print later.
  defs$eval_top <- function(expr, tally) {
    top <- this_call()
    on_warning <- function(w) warned(w, tally) # small: created per call (see the sealer)
    .Internal(.addCondHands("warning", list(on_warning), GLOBALENV, NULL, TRUE))
    .Internal(assign("top", top, tally, FALSE))
    # eval(expr) run by an eval called from the global environment: parent.frame() at the top level,
    # and parent.frame(2) in a function called there (match.fun("sum")), is the global environment
    # as in R's console, not this function's frame, from which nothing is found
    in_global <- as.call(list(.Primitive(".Internal"), as.call(list(quote(eval), as.call(list(.Primitive("quote"), expr)), GLOBALENV, NULL))))
    .Internal(withVisible(.Internal(eval(in_global, GLOBALENV, NULL))))
  }
  # A warning R defers (warn = 0) until the top-level expression has been printed: flush_warnings prints it.
  defs$count_warning <- function(tally) {
    level <- unclass(.Internal(getOption("warn")))
    if (plain_number(level) && as.integer(level) == 0L) {
      .Internal(assign("n", tally$n + 1L, tally, FALSE))
    }
  }
  defs$warned <- function(w, tally) {
    count_warning(tally)
    if (same(.subset2(w, "call"), tally$top)) {
      .Internal(.dfltWarn(cond_message(w), NULL))
      r <- find_restart("muffleWarning")
      if (!is.null(r)) .Internal(.invokeRestart(r, list()))
    }
  }
  defs$cat_to <- function(text, con) {
    .Internal(cat(list(text), con, "", FALSE, NULL, FALSE))
    .Internal(flush(con))
  }
  # A line the host's output reader recognises: the section that follows belongs to `kind`.
  defs$mark <- function(kind, nonce) {
    .Internal(flush(STDERR))
    cat_to(paste_("@FENCE_MARK@", kind, ":", nonce, "\n"), STDOUT)
  }
  # (The JIT is not switched here: enableJIT() calls compiler::checkCompilerOptions by name, which
  # user code can re-bind. It is on, at level 3, from the end of set-up on.)
  defs$with_interrupts <- function(expr) {
    .Internal(interruptsSuspended(FALSE))
    on.exit(.Internal(interruptsSuspended(TRUE)))
    expr
  }
  # A SIGINT meant for an execution that had already finished is still pending: consume it.
  defs$clear_interrupt <- function() guard(with_interrupts({ for (i in 1:2000) NULL; NULL }))
  # Processes the code started (system("... &")) must not outlive it. In the sandbox's own pid
  # namespace /proc lists the sandbox's processes only: every one but its init (1) and R is a
  # stray. (tools' ps_kill ignores pids below 1, so kill(-1) is not to be had from R.) A stray may
  # fork while this runs, hence a few rounds; RLIMIT_NPROC bounds how many there can be.
  defs$kill_strays <- function() {
    if (!KILL_STRAYS) return(invisible())
    me <- .Internal(Sys.getpid())
    for (pass in 1:5) {
      pids <- as.integer(.Internal(list.files("/proc", "^[0-9]+$", FALSE, FALSE, FALSE, FALSE, FALSE, FALSE)))
      strays <- pids[pids != 1L & pids != me]
      if (!length(strays)) break
      .Call(C_PSKILL, strays, 9L)
    }
  }
  # Prints `x` as R's top level does (base print, with the global environment's methods), with
  # R's max.print capped so that a huge value prints only what will be shown.
  defs$print_value <- function(x, tally) {
    old <- .Internal(getOption("max.print"))
    .Internal(options(list(max.print = min(MAX_PRINT, if (plain_number(old)) unclass(old) else MAX_PRINT))))
    on.exit(.Internal(options(list(max.print = old))))
    # a print method's warnings are deferred warnings of this top-level expression too
    .Internal(.addCondHands("warning", list(function(w) count_warning(tally)), GLOBALENV, NULL, TRUE))
    guard(userland(USER_PRINT, x))
  }
  # R's deferred warnings, as the console prints them after each top-level expression. The only
  # way to print them from R adds "In addition: " (meant for after an error): the WARN mark tells
  # the host to drop that prefix, unless `after_error`.
  defs$flush_warnings <- function(tally, nonce, after_error) {
    if (tally$n > 0L) {
      if (!after_error) mark("WARN", nonce)
      .Internal(printDeferredWarnings())
      .Internal(flush(STDERR))
      .Internal(assign("n", 0L, tally, FALSE))
    }
  }
  # R's console transcript of an error: "Error in call : msg", then warnings R still held.
  defs$report_error <- function(g, tally, nonce) {
    call <- g$call
    if (same(call, tally$top)) call <- NULL
    msg <- message_of(g)
    mark("ERROR", nonce)
    cat_to(error_text(call, msg), STDERR)
    flush_warnings(tally, nonce, TRUE)
    list(kind = "runtime", message = msg, call = if (is.null(call)) NULL else deparse_call(call))
  }
  defs$run_code <- function(exprs, nonce) {
    tally <- .Internal(new.env(TRUE, EMPTYENV, 5L))
    .Internal(assign("n", 0L, tally, FALSE))
    .Internal(assign("top", NULL, tally, FALSE))
    n <- length(exprs)
    last <- list(value = NULL, visible = FALSE)
    for (i in seq_len(n)) {
      g <- guard(eval_top(exprs[[i]], tally))
      if (!g$ok) return(if (g$interrupted) list(kind = "interrupted") else report_error(g, tally, nonce))
      last <- g$value
      if (last$visible) {
        if (i == n) mark("PRINTED", nonce)
        p <- print_value(last$value, tally)
        if (i == n) mark("OUTPUT", nonce)
        if (!p$ok) return(if (p$interrupted) list(kind = "interrupted") else report_error(p, tally, nonce))
      }
      flush_warnings(tally, nonce, FALSE)
    }
    list(kind = "value", value = last$value, visible = last$visible)
  }

  # ---- host tools ------------------------------------------------------------------------
  # Tool arguments travel as R's natural values: dates and times as ISO text (times in UTC),
  # factors as their labels, a named vector as an object ({"a": 1, "b": 2}).
  defs$arg_value <- function(x) {
    if (.Internal(inherits(x, "data.frame", FALSE))) return(x)
    x <- plain(x) # dates, times and factors as text, any other class dropped before names() is asked
    nms <- names(x)
    if (is.atomic(x) && !is.null(nms) && length(x) > 0L && all(nzchar(nms))) return(.Internal(as.vector(x, "list")))
    x
  }
  defs$args_json <- function(vals) {
    if (length(vals) == 0L) return("{}")
    nms <- names(vals)
    parts <- .Internal(vector("character", length(vals)))
    for (i in seq_along(vals)) {
      v <- encode_value(arg_value(.subset2(vals, i)), TRUE)
      parts <- `[<-`(parts, i, paste_(js_str(nms[[i]]), ":", v))
    }
    paste_("{", join(parts, ","), "}")
  }
  # No generic (is.numeric, is.na, ==, ...) is called on the value itself: its class's methods
  # would run. is.numeric's answer for base classes is spelled out instead.
  defs$is_integerish <- function(x) is.integer(x) || (is.double(x) && whole(unclass(x)))
  defs$whole <- function(v) all(is.na(v) | (is.finite(v) & v == trunc(v)))
  defs$type_ok <- function(x, type) {
    if (type == "numeric") return((is.integer(x) || is.double(x)) && !.Internal(inherits(x, NOT_NUMERIC, FALSE)))
    if (type == "integer") return(is_integerish(x))
    if (type == "character") return(is.character(x) || .Internal(inherits(x, c("factor", "Date", "POSIXct"), FALSE)))
    if (type == "logical") return(is.logical(x))
    if (type == "list") return(is.list(x) || is.atomic(x))
    if (type == "data.frame") return(.Internal(inherits(x, "data.frame", FALSE)))
    TRUE
  }
  defs$check_arg <- function(tool, name, x, type) {
    if (!type_ok(x, type)) {
      fail(.Internal(sprintf("tool '%s': argument '%s' must be %s, not %s", tool, name, type, class(x)[[1L]])))
    }
  }
  defs$interrupt_condition <- function() {
    `attributes<-`(list(message = "interrupted", call = NULL), list(names = c("message", "call"), class = c("interrupt", "condition")))
  }
  # Called by the tool functions: one round trip to the host while the code runs.
  defs$call_tool <- function(name, vals) {
    exec <- CURRENT$exec
    if (exec == 0L) fail(.Internal(sprintf("tool '%s' can only be called while code is executing", name)))
    call <- CURRENT$call + 1L
    .Internal(assign("call", call, CURRENT, FALSE))
    too_big <- .Internal(sprintf("tool '%s': its arguments are over the limit of %.0f bytes as JSON; pass the tool less data",
                                 name, as.double(MAX_VALUE_BYTES)))
    if (estimate(vals) > MAX_VALUE_BYTES) fail(too_big)
    args <- args_json(vals)
    if (.Internal(nchar(args, "bytes", FALSE, FALSE)) > MAX_VALUE_BYTES) fail(too_big)
    send_line(paste_("{\"type\":\"tool_call\",\"exec\":", exec, ",\"call\":", call, ",\"tool\":", js_str(name),
                     ",\"args\":", args, "}"))
    # Read and note an interrupt notice with interrupts held back: a SIGINT landing between reading
    # the notice and noting it would end the code with the notice lost, and the host would wait for
    # an acknowledgement that never comes (the notice follows the SIGINT, so the wait still ends)
    reply <- without_interrupts({
      got <- recv()
      if (same(got$type, "interrupt")) .Internal(assign("ack", as.integer(got$exec), CURRENT, FALSE))
      got
    })
    if (same(reply$type, "interrupt")) {
      # the execution timed out while waiting for the host: end it as an interrupt would
      .Internal(.signalCondition(interrupt_condition(), "interrupted", NULL))
      .Internal(stop(FALSE, "interrupted"))
    }
    if (!same(reply$type, "tool_result") || !same(int(reply$call), call)) fail("securer: unexpected reply from the host")
    if (!isTRUE(reply$ok)) fail(reply$error)
    # a data frame arrives on stdin: read it whole, even if an interrupt is pending
    if (!is.null(reply$frame)) return(without_interrupts(read_frame(reply$frame)))
    value <- if (is.list(reply$value)) simplify(reply$value) else reply$value
    if (same(reply$visible, FALSE)) return(invisible(value))
    value
  }
  defs$isTRUE <- function(x) is.logical(x) && length(x) == 1L && !is.na(x) && x
  defs$without_interrupts <- function(expr) {
    was <- .Internal(interruptsSuspended(TRUE))
    on.exit(.Internal(interruptsSuspended(was)))
    expr
  }

  # ---- plots -----------------------------------------------------------------------------
  # options(device = ...) opens a PNG (or SVG) device on the session's plot directory the
  # moment the code draws; each execution's devices are closed when it ends and their pages
  # sent as images.
  defs$open_device <- function(...) {
    fn <- if (PLOT$format == "svg") USER_SVG else USER_PNG
    env <- .Internal(new.env(TRUE, GLOBALENV, 5L))
    call <- if (PLOT$format == "svg") {
      as.call(list(fn, filename = PLOT_FILES, width = PLOT$width / PLOT$res, height = PLOT$height / PLOT$res))
    } else {
      as.call(list(fn, filename = PLOT_FILES, width = PLOT$width, height = PLOT$height, res = PLOT$res, type = "cairo"))
    }
    .Internal(eval(call, env, NULL))
  }
  defs$close_devices <- function() {
    repeat {
      cur <- .External(C_DEVCUR)
      if (cur <= 1L) break
      .External(C_DEVOFF, as.integer(cur))
    }
  }
  defs$send_plots <- function(exec) {
    files <- .Internal(list.files(PLOT_DIR, "^plot-[0-9]+\\.(png|svg)$", FALSE, TRUE, FALSE, FALSE, FALSE, FALSE))
    sent <- 0
    dropped <- 0L
    for (f in files) {
      size <- .Internal(file.info(f, FALSE))$size
      if (!is.na(size) && size > 0 && sent + size <= PLOT$max_bytes) {
        bytes <- read_file(f, size)
        send_line(paste_("{\"type\":\"plot\",\"exec\":", exec, ",\"mime\":\"", if (PLOT$format == "svg") "image/svg+xml" else "image/png",
                         "\",\"width\":", PLOT$width, ",\"height\":", PLOT$height, ",\"bytes\":", length(bytes), "}"))
        send_bytes(bytes)
        sent <- sent + size
      } else if (!is.na(size) && size > 0) {
        dropped <- dropped + 1L
      }
    }
    .Internal(unlink(files, FALSE, TRUE, FALSE))
    if (dropped > 0L) cat_to(.Internal(sprintf("securer: %d plot(s) not returned: over the limit of %.0f bytes of images per execution\n", dropped, PLOT$max_bytes)), STDERR)
  }
  defs$read_file <- function(path, size) {
    con <- .Internal(file(path, "rb", TRUE, "", "", FALSE))
    on.exit(.Internal(close(con, "rw")))
    .Internal(readBin(con, "raw", size, 1L, TRUE, FALSE))
  }

  # ---- operations: data frames, files, snapshots -------------------------------------------
  # Host-side requests other than code. Each runs as an execution (numbered, fenced) and ends
  # with a result or an error whose kind says what failed. Bulk data from the host arrive on
  # stdin, exactly as many bytes as announced: a failure half-way still reads (drains) the rest,
  # so the channel stays in step. Bulk data to the host go as a header message, then chunks.
  # (sprintf would look as.double up by name for an integer: not found from a sealed function)
  defs$num <- function(x) .Internal(sprintf("%.0f", as.double(x)))
  defs$fail_as <- function(kind, msg) {
    .Internal(assign("kind", kind, CURRENT, FALSE))
    fail(msg)
  }
  defs$read_raw <- function(n) {
    if (n == 0) return(.Internal(vector("raw", 0L)))
    v <- .Internal(readBin(stdin_con(), "raw", n, 1L, TRUE, FALSE))
    if (length(v) != n) fail("the host's data ended early")
    v
  }
  # Numbers of one type, read straight off stdin into their vector (no raw copy first).
  defs$read_stdin <- function(what, n, size) {
    if (n == 0) return(.Internal(vector(what, 0L)))
    v <- .Internal(readBin(stdin_con(), what, n, size, TRUE, FALSE))
    if (length(v) != n) fail("the host's data ended early")
    v
  }
  defs$drain <- function(n) {
    left <- n
    while (left > 0) {
      got <- length(.Internal(readBin(stdin_con(), "raw", min(left, CHUNK), 1L, TRUE, FALSE)))
      if (got == 0L) break
      left <- left - got
    }
  }
  # Sends `bytes` as chunk messages of at most 128 KiB, each once the socket is writable, i.e.
  # its send buffer (208 KiB by default) is three quarters empty: then a chunk fits whole.
  # (processx copies the unwritten rest of a partial write; a 1 MiB chunk was cut three or four
  # times.) More than a chunk is cut through a raw connection, which copies `bytes`: large data
  # is better made and sent a chunk at a time, as send_column does.
  defs$send_chunk <- function(exec, bytes) {
    if (!is.null(CONN_WRITABLE)) .Call(C_POLL, list(CONN_WRITABLE), 3L, 1000L)
    send_line(paste_("{\"type\":\"chunk\",\"exec\":", exec, ",\"bytes\":", num(length(bytes)), "}"))
    send_bytes(bytes)
  }
  defs$send_chunks <- function(exec, bytes) {
    total <- length(bytes)
    if (total == 0L) return(invisible())
    if (total <= 131072) return(send_chunk(exec, bytes))
    con <- .Internal(rawConnection("securer", bytes, "rb"))
    on.exit(.Internal(close(con, "rw")))
    left <- total
    while (left > 0) {
      part <- .Internal(readBin(con, "raw", min(left, 131072), 1L, TRUE, FALSE))
      send_chunk(exec, part)
      left <- left - length(part)
    }
  }
  defs$to_raw <- function(x, size) .Internal(writeBin(x, .Internal(vector("raw", 0L)), size, FALSE, FALSE))
  defs$set_class <- function(x, cls) `oldClass<-`(x, cls)

  # How a column travels: its wire type. Factors go as their labels, Date and POSIXct as numbers
  # of days and seconds; nothing of the column's class is called.
  defs$column_kind <- function(x, nm) {
    if (.Internal(inherits(x, "factor", FALSE))) return("string")
    if (.Internal(inherits(x, "Date", FALSE))) return("date")
    if (.Internal(inherits(x, "POSIXct", FALSE))) return("timestamp")
    kind <- .Internal(typeof(x))
    if (is.object(x) && .Internal(match(kind, c("double", "integer", "logical", "character"), 0L, NULL)) == 0L) kind <- "other"
    if (kind == "character") return("string")
    if (.Internal(match(kind, c("double", "integer", "logical"), 0L, NULL)) > 0L) return(kind)
    fail_as("transfer", .Internal(sprintf("column '%s' is %s (class %s); only numeric, integer, logical, character, factor, Date and POSIXct columns can be transferred",
                                          nm, .Internal(typeof(x)), class(x)[[1L]])))
  }
  defs$kind_width <- function(kind) if (kind == "integer" || kind == "logical") 4 else 8
  # One column as it travels: list(kind, values, text, rows, size, na): the values (strings in
  # UTF-8, numbers in the storage their wire type needs), the bytes they take (`text`), then the
  # NA row numbers of a string column (`rows`). Nothing of the size of the column is made here:
  # a million unique strings make every garbage collection of R walk a million cache entries,
  # and each large vector brings the next collection nearer (and a full one, when it lives).
  defs$column_wire <- function(x, kind) {
    if (kind == "string") {
      if (.Internal(inherits(x, "factor", FALSE))) x <- .subset(.subset2(attributes(x), "levels"), unclass(x))
      s <- enc2utf8(as.character(unclass(x)))
      # each string and its NUL; an NA goes as R writes it, "NA" (the host ignores NA rows' text)
      text <- sum(.Internal(nchar(s, "bytes", FALSE, FALSE))) + length(s)
      if (is.na(text)) text <- Inf
      rows <- to_raw(.Internal(which(is.na(s))), 4L)
      return(list(kind = kind, values = s, text = text, rows = rows, size = text + length(rows), na = length(rows) / 4))
    }
    storage <- if (kind == "integer" || kind == "logical") kind else "double"
    if (.Internal(typeof(x)) != storage) x <- if (storage == "integer") as.integer(unclass(x)) else if (storage == "logical") as.logical(unclass(x)) else as.double(unclass(x))
    text <- length(x) * kind_width(kind)
    list(kind = kind, values = x, text = text, rows = .Internal(vector("raw", 0L)), size = text, na = 0)
  }
  # Sends a column a block of rows at a time, each block's bytes made just before they go:
  # 128 KiB of numbers, or about as much of strings (a longer block goes in several chunks).
  # writeBin ignores attributes; useBytes writes strings as enc2utf8 left them (without, they
  # would be translated to the locale's encoding). .subset: no method of the column's class runs.
  defs$send_column <- function(exec, w, n) {
    width <- if (w$kind == "string") 0 else kind_width(w$kind)
    step <- if (width > 0) 131072 / width else max(1, floor(131072 * n / w$text))
    from <- 1
    while (from <= n) {
      to <- min(n, from + step - 1)
      part <- .subset(w$values, from:to)
      send_chunks(exec, .Internal(writeBin(part, .Internal(vector("raw", 0L)), if (width > 0) width else NA_integer_, FALSE, TRUE)))
      from <- to + 1
    }
    send_chunks(exec, w$rows)
  }
  # Whether `con` is still open as the connection it was: user code can close connections
  # (closeAllConnections()), and a connection it opens later may get the same number.
  defs$still_open <- function(con) {
    g <- guard(.Internal(getConnection(con)))
    g$ok && same(attr(g$value, "conn_id"), attr(con, "conn_id"))
  }
  # The bulk channels, opened again when user code closed them. R's file("stdin") reads a
  # duplicate of descriptor 0, and between operations nothing of the host's is buffered (the
  # runtime reads exactly what was announced), so a new one reads on where the old one stopped.
  # The pipe's write end opens at once (the host holds the pipe open); if it cannot, columns go
  # over the socket.
  defs$stdin_con <- function() {
    con <- CURRENT$stdin
    if (still_open(con)) return(con)
    con <- .Internal(file("stdin", "rb", TRUE, "", "", FALSE))
    .Internal(assign("stdin", con, CURRENT, FALSE))
    con
  }
  defs$bulk_pipe_ok <- function() {
    con <- CURRENT$bulk_out
    if (is.null(con)) return(FALSE)
    if (still_open(con)) return(TRUE)
    g <- guard(.Internal(file(BULK_PATH, "wb", TRUE, "", "", TRUE)))
    if (g$ok) .Internal(assign("bulk_out", g$value, CURRENT, FALSE)) # else: tried again next time
    g$ok
  }
  # A column on the bulk pipe: writeBin copies numbers in C, PIPE_BLOCK values at a time (a
  # longer column is not doubled in memory at once), and writes strings one by one through the
  # connection's buffer; no R vector is made per piece. A mark goes first; then the host reads
  # exactly the announced bytes: numbers that could not be written (writeBin's buffer could not be had) are made up
  # with zeros and the transfer fails; strings fail only when the pipe does, and then R ends.
  defs$pipe_column <- function(exec, w, n) {
    out <- CURRENT$bulk_out
    # the mark: "securer", NUL, the operation's number (the host checks it: bytes someone else
    # wrote into the pipe would otherwise be read as this column's)
    .Internal(writeBin(c(PIPE_MAGIC, to_raw(as.double(exec), 8L)), out, 1L, FALSE, FALSE))
    if (w$kind == "string") {
      g <- guard(.Internal(writeBin(w$values, out, NA_integer_, FALSE, TRUE)))
      if (!g$ok) .Internal(quit("no", 70L, FALSE))
    } else {
      width <- kind_width(w$kind)
      st <- .Internal(new.env(TRUE, EMPTYENV, 5L))
      .Internal(assign("done", 0, st, FALSE))
      g <- guard(if (n <= PIPE_BLOCK) {
        .Internal(writeBin(w$values, out, width, FALSE, FALSE))
      } else {
        while (st$done < n) {
          to <- min(n, st$done + PIPE_BLOCK)
          .Internal(writeBin(.subset(w$values, (st$done + 1):to), out, width, FALSE, FALSE))
          .Internal(assign("done", to, st, FALSE))
        }
      })
      if (!g$ok) pipe_zeros(out, (n - st$done) * width)
    }
    if (length(w$rows)) .Internal(writeBin(w$rows, out, 1L, FALSE, FALSE))
    .Internal(flush(out))
    if (!g$ok) fail_as("transfer", paste_("could not send column data: ", message_of(g)))
  }
  defs$pipe_zeros <- function(out, bytes) {
    zeros <- .Internal(vector("raw", 65536L))
    while (bytes > 0) {
      k <- min(bytes, 65536)
      .Internal(writeBin(if (k == 65536) zeros else .subset(zeros, seq_len(k)), out, 1L, FALSE, FALSE))
      bytes <- bytes - k
    }
  }
  # One column of n values off stdin, counting in st$consumed what was read (so that a failure
  # drains exactly the rest): numbers straight into their vector; strings as their bytes, cut
  # at the NULs, marked UTF-8, then the NA row numbers.
  defs$read_column <- function(col, n, st) {
    type <- col$type
    if (type == "string") {
      raw <- read_raw(col$bytes - 4 * col$na)
      .Internal(assign("consumed", st$consumed + length(raw), st, FALSE))
      s <- .Internal(readBin(raw, "character", n, NA_integer_, TRUE, FALSE))
      # In a UTF-8 locale the bytes are already what enc2utf8 wants: it marks only the non-ASCII
      # strings, where setEncoding looks every string up again (several times slower).
      s <- if (.Internal(l10n_info())$`UTF-8`) enc2utf8(s) else .Internal(setEncoding(s, "UTF-8"))
      gaps <- read_stdin("integer", col$na, 4L)
      .Internal(assign("consumed", st$consumed + 4 * col$na, st, FALSE))
      if (length(gaps)) s <- `[<-`(s, gaps, NA_character_)
      return(s)
    }
    v <- read_stdin(if (type == "integer" || type == "logical") type else "double", n, kind_width(type))
    .Internal(assign("consumed", st$consumed + col$bytes, st, FALSE))
    if (type == "date") return(set_class(v, "Date"))
    if (type == "timestamp") return(set_class(`attr<-`(v, "tzone", "UTC"), c("POSIXct", "POSIXt")))
    v
  }
  # A frame the host announced in `spec` ({rows, columns: [{name, type, bytes, na}]}), read off stdin.
  defs$read_frame <- function(spec) {
    cols <- spec$columns
    n <- spec$rows
    total <- 0
    for (col in cols) total <- total + col$bytes
    st <- .Internal(new.env(TRUE, EMPTYENV, 5L))
    .Internal(assign("consumed", 0, st, FALSE))
    out <- .Internal(vector("list", length(cols)))
    g <- guard(for (i in seq_along(cols)) {
      out <- `[[<-`(out, i, read_column(.subset2(cols, i), n, st))
    })
    if (!g$ok) {
      drain(total - st$consumed)
      fail_as("transfer", paste_("could not receive the data frame: ", message_of(g)))
    }
    nms <- .Internal(vector("character", length(cols)))
    for (i in seq_along(cols)) nms <- `[<-`(nms, i, .subset2(cols, i)$name)
    as_frame(`names<-`(out, nms), n)
  }
  defs$op_get_frame <- function(msg, exec) {
    exprs <- guard(.Internal(str2expression(msg$expr)))
    if (!exprs$ok) fail(message_of(exprs))
    x <- with_interrupts(.Internal(eval(exprs$value, GLOBALENV, NULL)))
    if (!.Internal(inherits(x, "data.frame", FALSE))) {
      fail_as("transfer", .Internal(sprintf("'%s' is not a data frame (its class is %s)", msg$expr, class(x)[[1L]])))
    }
    cols <- unclass(x)
    n <- .Internal(shortRowNames(x, 2L))
    nms <- names(cols)
    if (length(cols) && (is.null(nms) || any(is.na(nms) | !nzchar(nms)) || .Internal(anyDuplicated(nms, FALSE, FALSE)) > 0L)) {
      fail_as("transfer", "the data frame's column names must be unique and non-empty (see make.unique())")
    }
    # The size of the whole frame is known before any of it is sent: the strings' is counted now.
    kinds <- .Internal(vector("character", length(cols)))
    wires <- .Internal(vector("list", length(cols)))
    total <- 0
    for (i in seq_along(cols)) {
      kind <- column_kind(.subset2(cols, i), nms[[i]])
      kinds <- `[<-`(kinds, i, kind)
      if (kind == "string") {
        w <- column_wire(.subset2(cols, i), kind)
        wires <- `[[<-`(wires, i, w)
        total <- total + w$size
      } else {
        total <- total + kind_width(kind) * n
      }
      if (total > msg$max_bytes) {
        fail_as("transfer", .Internal(sprintf("the data frame is over the limit of %.0f bytes (maxTransferBytes)", as.double(msg$max_bytes))))
      }
    }
    piped <- bulk_pipe_ok()
    for (i in seq_along(cols)) {
      w <- .subset2(wires, i)
      if (is.null(w)) w <- column_wire(.subset2(cols, i), kinds[[i]])
      send_line(paste_("{\"type\":\"column\",\"exec\":", exec, ",\"name\":", js_str(nms[[i]]), ",\"col_type\":\"", kinds[[i]],
                       "\",\"rows\":", num(n), ",\"na\":", num(w$na), ",\"bytes\":", num(w$size),
                       ",\"pipe\":", if (piped) "true" else "false", "}"))
      if (piped) pipe_column(exec, w, n) else send_column(exec, w, n)
      wires <- `[<-`(wires, i, list(NULL))
    }
    paste_("{\"rows\":", num(n), ",\"columns\":", num(length(cols)), "}")
  }
  defs$op_put_frame <- function(msg, exec) {
    df <- read_frame(msg$frame)
    .Internal(assign(msg$name, df, GLOBALENV, FALSE))
    "null"
  }

  # Paths the host sends are relative to the directory R started in and were checked there;
  # checked again here, and no symbolic link on the way is followed.
  defs$file_path <- function(rel) {
    parts <- .Internal(strsplit(rel, "/", TRUE, FALSE, FALSE))[[1L]]
    if (!length(parts) || any(.Internal(match(parts, c("", ".", ".."), 0L, NULL)) > 0L) || .Internal(substr(rel, 1L, 1L)) == "/") {
      fail_as("file", paste_("'", rel, "' is not a relative path"))
    }
    for (i in seq_along(parts)) {
      prefix <- paste_(WORKDIR, "/", join(parts[seq_len(i)], "/"))
      if (is_link(prefix)) {
        fail_as("file", paste_("'", rel, "' is or passes through a symbolic link, which securer does not follow"))
      }
    }
    paste_(WORKDIR, "/", rel)
  }
  # (Sys.readlink gives "" for a file that is not a link, NA for one that does not exist)
  defs$is_link <- function(full) {
    target <- .Internal(Sys.readlink(full))
    !is.na(target) && nzchar(target)
  }
  defs$file_size <- function(full) {
    info <- .Internal(file.info(full, FALSE))
    if (is.na(info$size)) return(NA)
    if (isTRUE(info$isdir)) return(-1)
    info$size
  }
  defs$send_file <- function(exec, kind, rel, full, size) {
    send_line(paste_("{\"type\":\"entry\",\"exec\":", exec, ",\"kind\":\"", kind, "\",\"name\":", js_str(rel), ",\"bytes\":", num(size), "}"))
    con <- .Internal(file(full, "rb", TRUE, "", "", FALSE))
    on.exit(.Internal(close(con, "rw")))
    left <- size
    while (left > 0) {
      part <- .Internal(readBin(con, "raw", min(left, CHUNK), 1L, TRUE, FALSE))
      if (length(part) == 0L) {
        # the file shrank while it was read: the announced bytes still go, then the operation fails
        part <- .Internal(vector("raw", min(left, CHUNK)))
        .Internal(assign("changed", TRUE, CURRENT, FALSE))
      }
      send_line(paste_("{\"type\":\"chunk\",\"exec\":", exec, ",\"bytes\":", num(length(part)), "}"))
      send_bytes(part)
      left <- left - length(part)
    }
  }
  defs$op_read_file <- function(msg, exec) {
    full <- file_path(msg$path)
    size <- file_size(full)
    if (is.na(size)) fail_as("file", paste_("no file '", msg$path, "'"))
    if (size < 0) fail_as("file", paste_("'", msg$path, "' is a directory"))
    if (size > msg$max_bytes) fail_as("file", .Internal(sprintf("'%s' is %.0f bytes, over the limit of %.0f bytes (maxTransferBytes)", msg$path, as.double(size), as.double(msg$max_bytes))))
    .Internal(assign("changed", FALSE, CURRENT, FALSE))
    send_file(exec, "file", msg$path, full, size)
    if (CURRENT$changed) fail_as("file", paste_("'", msg$path, "' changed while it was read"))
    "null"
  }
  # Writes `n` bytes from `source` (stdin, or a raw vector) to `full` through a temporary file
  # renamed into place; on failure the rest of stdin is drained and nothing is left behind.
  defs$store_file <- function(rel, full, n, from_stdin, data) {
    dir <- .Internal(dirname(full))
    .Internal(dir.create(dir, FALSE, TRUE, 511L))
    tmp <- paste_(dir, "/.securer-upload-", .Internal(Sys.getpid()))
    st <- .Internal(new.env(TRUE, EMPTYENV, 5L))
    .Internal(assign("done", 0, st, FALSE))
    g <- guard({
      con <- .Internal(file(tmp, "wb", TRUE, "", "", FALSE))
      wrote <- guard(if (from_stdin) {
        while (st$done < n) {
          part <- read_raw(min(n - st$done, CHUNK))
          .Internal(assign("done", st$done + length(part), st, FALSE))
          .Internal(writeBin(part, con, 1L, FALSE, FALSE))
        }
      } else {
        .Internal(writeBin(data, con, 1L, FALSE, FALSE))
      })
      .Internal(close(con, "rw"))
      if (!wrote$ok) fail(message_of(wrote))
      got <- file_size(tmp)
      if (is.na(got) || got != n) fail("the disk is full or the file-size limit was reached")
      if (!.Internal(file.rename(tmp, full))) fail("cannot move it into place")
    })
    if (!g$ok) {
      if (from_stdin) drain(n - st$done)
      .Internal(unlink(tmp, FALSE, TRUE, FALSE))
      fail_as("file", paste_("cannot write '", rel, "': ", message_of(g)))
    }
  }
  defs$op_write_file <- function(msg, exec) {
    full <- guard(file_path(msg$path))
    if (!full$ok) {
      drain(msg$bytes)
      fail_as("file", message_of(full))
    }
    if (identical_size(file_size(full$value), -1)) {
      drain(msg$bytes)
      fail_as("file", paste_("'", msg$path, "' is a directory"))
    }
    store_file(msg$path, full$value, msg$bytes, TRUE, NULL)
    "null"
  }
  defs$identical_size <- function(a, b) !is.na(a) && a == b
  # Regular files under the working directory, walked without following links and without R's
  # own temporary directory.
  defs$walk_files <- function(max_entries, kind) {
    found <- .Internal(vector("character", 0L))
    pending <- ""
    while (length(pending)) {
      rel <- pending[[1L]]
      pending <- pending[-1L]
      dir <- if (nzchar(rel)) paste_(WORKDIR, "/", rel) else WORKDIR
      names_here <- .Internal(list.files(dir, NULL, TRUE, FALSE, FALSE, FALSE, FALSE, TRUE))
      for (nm in names_here) {
        sub_rel <- if (nzchar(rel)) paste_(rel, "/", nm) else nm
        full <- paste_(WORKDIR, "/", sub_rel)
        if (is_link(full) || same(full, TEMP_DIR)) next
        size <- file_size(full)
        if (is.na(size)) next
        if (size < 0) pending <- c(pending, sub_rel) else found <- c(found, sub_rel)
        if (length(found) > max_entries) fail_as(kind, .Internal(sprintf("more than %d files in the working directory", as.integer(max_entries))))
      }
    }
    .Internal(sort(found, FALSE))
  }
  defs$op_list_files <- function(msg, exec) {
    files <- walk_files(msg$max_entries, "file")
    if (!length(files)) return("[]")
    sizes <- .Internal(file.info(paste_(WORKDIR, "/", files), FALSE))$size
    there <- !is.na(sizes) # a file that vanished since the walk is left out
    if (!any(there)) return("[]")
    paste_("[", join(paste_("{\"path\":", js_str(files[there]), ",\"size\":", num(sizes[there]), "}"), ","), "]")
  }
  defs$op_delete_file <- function(msg, exec) {
    full <- file_path(msg$path)
    size <- file_size(full)
    if (is.na(size)) fail_as("file", paste_("no file '", msg$path, "'"))
    if (size < 0) fail_as("file", paste_("'", msg$path, "' is a directory"))
    if (.Internal(unlink(full, FALSE, FALSE, FALSE)) != 0L) fail_as("file", paste_("cannot delete '", msg$path, "'"))
    "null"
  }

  # Each object of the global environment serialized on its own (R's native binary format);
  # one that holds an external pointer (a connection, a compiled handle) cannot come back and
  # is skipped. The tools' functions are never part of it.
  defs$op_snapshot <- function(msg, exec) {
    st <- .Internal(new.env(TRUE, EMPTYENV, 5L))
    .Internal(assign("total", 0, st, FALSE))
    skipped <- .Internal(vector("character", 0L))
    nms <- .Internal(ls(GLOBALENV, TRUE, TRUE))
    nms <- nms[.Internal(match(nms, names(TOOLS), 0L, NULL)) == 0L]
    for (nm in nms) {
      if (.Internal(bindingIsActive(.Internal(as.vector(nm, "symbol")), GLOBALENV))) {
        skipped <- c(skipped, nm)
        next
      }
      .Internal(assign("pointer", FALSE, st, FALSE))
      hook <- function(ref) {
        if (!is.environment(ref)) .Internal(assign("pointer", TRUE, st, FALSE))
        NULL
      }
      obj <- .Internal(get(nm, GLOBALENV, "any", FALSE))
      bytes <- guard(.Internal(serialize(obj, NULL, 3L, NULL, hook)))
      if (!bytes$ok || st$pointer) {
        skipped <- c(skipped, nm)
        next
      }
      charge(st, length(bytes$value), msg$max_bytes)
      send_line(paste_("{\"type\":\"entry\",\"exec\":", exec, ",\"kind\":\"object\",\"name\":", js_str(nm),
                       ",\"bytes\":", num(length(bytes$value)), "}"))
      send_chunks(exec, bytes$value)
    }
    if (isTRUE(msg$files)) {
      .Internal(assign("changed", FALSE, CURRENT, FALSE))
      for (rel in walk_files(100000L, "snapshot")) {
        full <- paste_(WORKDIR, "/", rel)
        size <- file_size(full)
        if (is.na(size) || size < 0) next
        charge(st, size, msg$max_bytes)
        send_file(exec, "file", rel, full, size)
      }
      if (CURRENT$changed) fail_as("snapshot", "a file changed while the snapshot was taken")
    }
    paste_("{\"skipped\":", js_strings(skipped), "}")
  }
  defs$charge <- function(st, n, max_bytes) {
    .Internal(assign("total", st$total + n, st, FALSE))
    if (st$total > max_bytes) {
      fail_as("snapshot", .Internal(sprintf("the workspace is over the limit of %.0f bytes", as.double(max_bytes))))
    }
  }
  # Replaces the global environment's objects (all but the tools) with the entries that follow
  # on stdin; an entry that cannot be read back is named in the result, the others stay.
  defs$op_restore <- function(msg, exec) {
    entries <- msg$entries
    total <- 0
    for (e in entries) total <- total + e$bytes
    old <- .Internal(ls(GLOBALENV, TRUE, TRUE))
    old <- old[.Internal(match(old, names(TOOLS), 0L, NULL)) == 0L]
    .Internal(remove(old, GLOBALENV, FALSE))
    failed <- .Internal(vector("character", 0L))
    consumed <- 0
    for (e in entries) {
      raw <- guard(read_raw(e$bytes))
      if (!raw$ok) {
        drain(total - consumed)
        fail_as("snapshot", paste_("could not receive the snapshot: ", message_of(raw)))
      }
      consumed <- consumed + e$bytes
      if (e$kind == "object") {
        v <- guard(.Internal(unserialize(raw$value, NULL)))
        ok <- v$ok && !.Internal(match(e$name, names(TOOLS), 0L, NULL))
        if (ok) .Internal(assign(e$name, v$value, GLOBALENV, FALSE)) else failed <- c(failed, e$name)
      } else {
        w <- guard(store_file(e$name, file_path(e$name), e$bytes, FALSE, raw$value))
        if (!w$ok) failed <- c(failed, e$name)
      }
    }
    paste_("{\"failed\":", js_strings(failed), "}")
  }
  # Runs one operation as an execution: fenced output, the current execution set (so that tools
  # work in a getDataFrame expression), a reply (for serve to send) whose value is the handler's
  # JSON text.
  defs$run_op <- function(msg, handler) {
    exec <- int(msg$exec)
    nonce <- msg$fence
    reinstall_tools()
    .Internal(assign("exec", exec, CURRENT, FALSE))
    .Internal(assign("call", 0L, CURRENT, FALSE))
    .Internal(assign("kind", "runtime", CURRENT, FALSE))
    mark("START", nonce)
    out <- guard(handler(msg, exec))
    .Internal(assign("exec", 0L, CURRENT, FALSE))
    kill_strays()
    close_devices()
    .Internal(unlink(.Internal(list.files(PLOT_DIR, NULL, FALSE, TRUE, FALSE, FALSE, FALSE, FALSE)), FALSE, TRUE, FALSE))
    mark("FENCE", nonce)
    if (!out$ok && out$interrupted) return(error_reply(exec, "interrupted", "execution interrupted", NULL))
    if (!out$ok) return(error_reply(exec, CURRENT$kind, message_of(out), NULL))
    paste_("{\"type\":\"result\",\"exec\":", exec, ",\"value\":", out$value,
           ",\"omitted\":false,\"visible\":false,\"class\":[]}")
  }

  # ---- messages ----------------------------------------------------------------------------
  # (a message longer than R itself would print is cut, so that it always fits one message)
  # (R cannot count the characters of a string with bad bytes, nor of one marked "bytes", which
  # it counts and cuts in bytes)
  defs$error_reply <- function(exec, kind, message, call) {
    message <- escape_bad_bytes(message)
    unit <- if (.Internal(Encoding(message)) == "bytes") "bytes" else "chars"
    if (.Internal(nchar(message, unit, FALSE, NA)) > 10000L) message <- paste_(.Internal(substr(message, 1L, 10000L)), " [truncated]")
    paste_("{\"type\":\"error\",\"exec\":", exec, ",\"kind\":\"", kind, "\",\"message\":", js_str(message),
           ",\"call\":", if (is.null(call)) "null" else js_str(call), "}")
  }
  # Puts every tool function back under its name. The binding's value is never read (nor is
  # exists() asked, which reads it too): user code may have made it an active binding or a
  # promise, and reading it would run that code.
  defs$reinstall_tools <- function() {
    bound <- .Internal(ls(GLOBALENV, TRUE, FALSE))
    for (nm in names(TOOLS)) {
      sym <- .Internal(as.vector(nm, "symbol"))
      if (.Internal(match(nm, bound, 0L, NULL)) > 0L) {
        if (.Internal(bindingIsActive(sym, GLOBALENV))) .Internal(remove(nm, GLOBALENV, FALSE))
        else if (.Internal(bindingIsLocked(sym, GLOBALENV))) .Internal(unlockBinding(sym, GLOBALENV))
      }
      .Internal(assign(nm, .subset2(TOOLS, nm), GLOBALENV, FALSE))
      .Internal(lockBinding(sym, GLOBALENV))
    }
  }
  defs$handle_execute <- function(msg) {
    exec <- int(msg$exec)
    nonce <- msg$fence
    reinstall_tools()
    .Internal(assign("exec", exec, CURRENT, FALSE))
    .Internal(assign("call", 0L, CURRENT, FALSE))
    mark("START", nonce)
    parsed <- guard(.Internal(str2expression(msg$code)))
    if (!parsed$ok) {
      .Internal(assign("exec", 0L, CURRENT, FALSE))
      mark("FENCE", nonce)
      return(error_reply(exec, "syntax", message_of(parsed), NULL))
    }
    out <- guard(with_interrupts(run_code(parsed$value, nonce)))
    .Internal(assign("exec", 0L, CURRENT, FALSE))
    done <- guard(finish_execute(exec, nonce, out))
    if (done$ok) return(done$value)
    # The runtime itself failed after the code ran (which the code can provoke): end the
    # execution all the same, or the host would wait for it for ever.
    mark("FENCE", nonce)
    error_reply(exec, "runtime", "securer: the runtime failed to report this execution's outcome", NULL)
  }
  # The rest of an execution once the code ran: strays, devices, plots, the end mark, the reply.
  defs$finish_execute <- function(exec, nonce, out) {
    out <- if (out$ok) out$value else if (out$interrupted) list(kind = "interrupted") else list(kind = "runtime", message = message_of(out), call = NULL)
    kill_strays()
    close_devices()
    send_plots(exec)
    mark("FENCE", nonce)
    if (out$kind == "interrupted") return(error_reply(exec, "interrupted", "execution interrupted", NULL))
    if (out$kind == "runtime") return(error_reply(exec, "runtime", out$message, out$call))
    value <- out$value
    json <- guard(encode(value, MAX_VALUE_BYTES))
    json <- if (json$ok) json$value else NULL
    omitted <- is.null(json)
    paste_("{\"type\":\"result\",\"exec\":", exec, ",\"value\":", if (omitted) "null" else json,
           ",\"omitted\":", if (omitted) "true" else "false", ",\"visible\":", if (out$visible) "true" else "false",
           ",\"class\":", js_strings(class(value)), "}")
  }
  defs$handle_validate <- function(msg) {
    exec <- int(msg$exec)
    parsed <- guard(.Internal(str2expression(msg$code)))
    if (!parsed$ok) {
      return(send_line(paste_("{\"type\":\"validation\",\"exec\":", exec, ",\"valid\":false,\"error\":", js_str(message_of(parsed)),
                              ",\"warnings\":[]}")))
    }
    used <- .Internal(unique(.Internal(all.names(parsed$value, TRUE, -1L, FALSE)), FALSE, FALSE, NA))
    hits <- DANGEROUS[.Internal(match(DANGEROUS, used, 0L, NULL)) > 0L]
    warnings <- if (length(hits)) .Internal(sprintf("call to '%s' detected", hits)) else .Internal(vector("character", 0L))
    send_line(paste_("{\"type\":\"validation\",\"exec\":", exec, ",\"valid\":true,\"error\":null,\"warnings\":", js_strings(warnings), "}"))
  }
  defs$acknowledge_interrupt <- function(exec) send_line(ack_reply(exec))
  defs$ack_reply <- function(exec) {
    clear_interrupt()
    paste_("{\"type\":\"interrupt_ack\",\"exec\":", int(exec), "}")
  }
  defs$serve_one <- function(msg) {
    type <- msg$type
    if (same(type, "execute")) {
      # The replies go back to serve, which sends them once this frame and all above it are gone.
      reply <- handle_execute(msg)
      ack <- CURRENT$ack
      .Internal(assign("ack", NULL, CURRENT, FALSE))
      # only what call_tool stores there; anything else the code put there is ignored
      if (is.integer(ack) && is.null(oldClass(ack)) && length(ack) == 1L) reply <- c(reply, ack_reply(ack))
      return(reply)
    } else if (same(type, "interrupt")) {
      acknowledge_interrupt(msg$exec)
    } else if (same(type, "tool_result")) {
      # the answer to a call an interrupt abandoned: a data frame it carries is read off stdin
      # and dropped, so the bulk channel stays in step
      if (!is.null(msg$frame)) {
        total <- 0
        for (col in msg$frame$columns) total <- total + col$bytes
        drain(total)
      }
    } else if (same(type, "validate")) {
      handle_validate(msg)
    } else if (same(type, "get_frame")) {
      return(run_op(msg, function(m, e) op_get_frame(m, e)))
    } else if (same(type, "put_frame")) {
      return(run_op(msg, function(m, e) op_put_frame(m, e)))
    } else if (same(type, "read_file")) {
      return(run_op(msg, function(m, e) op_read_file(m, e)))
    } else if (same(type, "write_file")) {
      return(run_op(msg, function(m, e) op_write_file(m, e)))
    } else if (same(type, "list_files")) {
      return(run_op(msg, function(m, e) op_list_files(m, e)))
    } else if (same(type, "delete_file")) {
      return(run_op(msg, function(m, e) op_delete_file(m, e)))
    } else if (same(type, "snapshot")) {
      return(run_op(msg, function(m, e) op_snapshot(m, e)))
    } else if (same(type, "restore")) {
      return(run_op(msg, function(m, e) op_restore(m, e)))
    } else {
      fail(paste_("unknown message type ", type))
    }
    NULL
  }
  # The loop. It sends what serve_one returns (an execution's result, its interrupt_ack) only
  # after serve_one returned: every frame that was on the stack under the user's code is gone by
  # then, so exit code or active bindings the code planted in them ran before the reply, as part
  # of that execution. This frame is locked (no binding can be added, removed or made active) and
  # `g` is only read after it was assigned here. Interrupts are held back outside user code (the
  # code may have enabled them). Whatever else goes wrong in the runtime itself is written to
  # stderr and the loop goes on (the host times out the execution).
  defs$serve <- function() {
    g <- NULL
    .Internal(lockEnvironment(caller_frame(), FALSE))
    repeat {
      .Internal(interruptsSuspended(TRUE))
      g <- guard(serve_one(recv()))
      .Internal(interruptsSuspended(TRUE))
      if (g$ok) send_lines(g$value) else if (!g$interrupted) cat_to(paste_("securer runtime error: ", message_of(g), "\n"), STDERR)
    }
  }
  defs$send_lines <- function(lines) for (line in lines) send_line(line)

  # ---------------------------------------------------------------------------------------
  # Constants, then the tool functions, then seal and serve.
  # ---------------------------------------------------------------------------------------
  plot <- init$plot
  plot_dir <- file.path(tempdir(), "securer-plots")
  dir.create(plot_dir, showWarnings = FALSE, mode = "0700")
  consts <- list(
    CONN = conn, STDOUT = stdout(), STDERR = stderr(),
    BULK_PATH = bulk_path, PIPE_BLOCK = 1048576,
    PIPE_MAGIC = as.raw(c(0x73, 0x65, 0x63, 0x75, 0x72, 0x65, 0x72, 0x00)),
    CONN_WRITABLE = if (is.null(px$c_processx_connection_get_fileno)) NULL else list(integer(), .Call(px$c_processx_connection_get_fileno, conn), integer()),
    C_WRITE = c_write, C_READ_LINES = c_read_lines, C_IS_EOF = c_is_eof, C_POLL = c_poll, R_PARSE = r_parse,
    C_PSKILL = get("C_ps_kill", asNamespace("tools")),
    C_DEVCUR = get("C_devcur", asNamespace("grDevices")), C_DEVOFF = get("C_devoff", asNamespace("grDevices")),
    GLOBALENV = globalenv(), EMPTYENV = emptyenv(),
    DEPARSE_OPTS = .deparseOpts(c("keepNA", "keepInteger", "niceNames", "showAttributes")),
    KILL_STRAYS = isTRUE(init$kill_strays), MAX_VALUE_BYTES = as.numeric(init$max_value_bytes),
    MAX_PRINT = as.numeric(init$max_print),
    PLOT = list(format = plot$format, width = as.integer(plot$width), height = as.integer(plot$height),
                res = as.integer(plot$res), max_bytes = as.numeric(plot$max_bytes)),
    PLOT_DIR = plot_dir, PLOT_FILES = file.path(plot_dir, if (identical(plot$format, "svg")) "plot-%04d.svg" else "plot-%04d.png"),
    CURRENT = new.env(parent = emptyenv()),
    USER_PRINT = base::print, USER_CONDITION_MESSAGE = base::conditionMessage,
    USER_PNG = grDevices::png, USER_SVG = grDevices::svg,
    DANGEROUS = c("system", "system2", "shell", "shell.exec", "pipe", "socketConnection", "socketAccept",
                  "make.socket", "url", "download.file", "curlGetHeaders", ".Call", ".External", ".External2", ".C",
                  ".Fortran", ".Internal", ".Primitive", "dyn.load", "library.dynam", "Sys.setenv", "Sys.unsetenv",
                  "Sys.getenv", "unlockBinding", "assignInNamespace", "setwd", "unlink", "file.remove", "processx",
                  "callr", "sys", "curl", "httr", "httr2"),
    TOOLS = list(), NOT_NUMERIC = c("factor", "Date", "POSIXt", "difftime"),
    WORKDIR = getwd(), TEMP_DIR = tempdir(), CHUNK = 1048576,
    PLAIN_CONDITIONS = c("simpleError", "simpleWarning", "simpleCondition", "simpleMessage", "error", "warning",
                         "message", "condition", "interrupt")
  )
  assign("exec", 0L, envir = consts$CURRENT)
  assign("stdin", stdin_con, envir = consts$CURRENT) # the bulk channels must never be garbage
  assign("bulk_out", bulk_out, envir = consts$CURRENT)
  assign("call", 0L, envir = consts$CURRENT)
  assign("kind", "runtime", envir = consts$CURRENT)
  assign("changed", FALSE, envir = consts$CURRENT)
  assign("ack", NULL, envir = consts$CURRENT)
  # Locked: user code reaches CURRENT (through the tool functions) and could otherwise replace a
  # binding by an active one that runs when the runtime reads or sets it. Every binding the
  # runtime uses must exist here; their values stay writable.
  lockEnvironment(consts$CURRENT)
  userland <- list(USER_PRINT = consts$USER_PRINT)
  sealed <- seal_all(defs, consts, userland)

  # Each tool becomes a sealed function whose formals are its arguments.
  make_tool <- function(spec) {
    arg_names <- vapply(spec$args, function(a) a$name, "")
    arg_types <- vapply(spec$args, function(a) a$type, "")
    required <- vapply(spec$args, function(a) isTRUE(a$required), TRUE)
    fmls <- vector("list", length(arg_names))
    names(fmls) <- arg_names
    for (i in seq_along(arg_names)) if (required[[i]]) fmls[i] <- list(quote(expr = ))
    stmts <- list(quote(vals <- list()))
    for (i in seq_along(arg_names)) {
      a <- as.name(arg_names[[i]])
      missing_msg <- sprintf("tool '%s': argument '%s' is missing, with no default", spec$name, arg_names[[i]])
      null_msg <- sprintf("tool '%s': argument '%s' must not be NULL", spec$name, arg_names[[i]])
      stmts[[length(stmts) + 1L]] <- bquote(
        if (!missing(.(a))) {
          if (!is.null(.(a))) {
            CHECK_ARG(.(spec$name), .(arg_names[[i]]), .(a), .(arg_types[[i]]))
            vals <- `[[<-`(vals, .(arg_names[[i]]), .(a))
          } else if (.(required[[i]])) FAIL(.(null_msg))
        } else if (.(required[[i]])) FAIL(.(missing_msg)))
    }
    stmts[[length(stmts) + 1L]] <- bquote(CALL_TOOL(.(spec$name), vals))
    f <- function() NULL
    formals(f) <- as.pairlist(fmls)
    body(f) <- as.call(c(as.name("{"), stmts))
    seal_all(list(tool = f), list(CHECK_ARG = sealed$check_arg, CALL_TOOL = sealed$call_tool, FAIL = sealed$fail),
             list(), given = sealed["caller_frame"])$tool
  }
  tools <- list()
  for (spec in init$tools) tools[[spec$name]] <- make_tool(spec)
  # The tool table is embedded in reinstall_tools: seal again what uses it, now that the tools
  # exist. The rest stays the very objects the tools embed.
  consts$TOOLS <- tools
  uses <- lapply(defs, function(f) intersect(all.names(body(f)), c(names(defs), "TOOLS")))
  redo <- "TOOLS"
  repeat {
    more <- union(redo, names(defs)[vapply(uses, function(u) any(u %in% redo), TRUE)])
    if (length(more) == length(redo)) break
    redo <- more
  }
  sealed <- seal_all(defs, consts, userland, given = sealed[setdiff(names(sealed), redo)])

  # The JIT goes on for good here, before any user code, and is never switched again:
  # enableJIT() calls compiler::checkCompilerOptions by name, which user code can re-bind. (The
  # runtime's own functions are small or made small for it, see the sealer.)
  invisible(.Internal(enableJIT(3L)))
  options(device = sealed$open_device)
  sealed$reinstall_tools()
  serve <- sealed$serve
  setup_send("{\"type\":\"ready\"}")
  rm(list = setdiff(ls(), "serve"))
  serve()
})
