# securer child runtime. The host starts R with this file (-f) and talks to it over one
# AF_UNIX socket, one JSON object per line (see docs/protocol.md). Everything here lives in a
# private environment so that user code evaluated in the global environment does not see it
# by accident; nothing here is secret once the hello message has been sent.
local({
  fail_setup <- function(msg) {
    cat("@SETUP_ERROR_MARK@", msg, "\n", sep = "", file = stderr())
    quit(save = "no", status = 3L)
  }
  # No loop at the top level of this block: R byte-compiles a whole top-level expression that
  # holds a loop before running it (~20 ms here); functions are compiled lazily instead.
  lapply(c("jsonlite", "processx"), function(pkg) {
    if (!requireNamespace(pkg, quietly = TRUE)) {
      fail_setup(sprintf("R package '%s' is not installed", pkg))
    }
  })

  args <- commandArgs(FALSE)
  file_at <- match("-f", args)
  if (is.na(file_at)) fail_setup("runtime started without -f <dir>/runtime.R")
  socket_path <- file.path(dirname(args[[file_at + 1L]]), "@SOCKET_FILE@")

  # The auth token arrives on stdin, never through the environment or argv.
  stdin_con <- file("stdin")
  token <- readLines(stdin_con, n = 1L, warn = FALSE)
  close(stdin_con)
  if (length(token) != 1L || !nzchar(token)) fail_setup("no auth token on stdin")

  px <- asNamespace("processx")
  c_read_lines <- px$c_processx_connection_read_lines
  c_write <- px$c_processx_connection_write_bytes
  c_is_eof <- px$c_processx_connection_is_eof
  c_poll <- px$c_processx_poll
  conn <- processx::conn_connect_unix_socket(socket_path)

  to_json <- jsonlite::toJSON
  parse_json <- jsonlite::parse_json
  simplify <- asNamespace("jsonlite")$simplify

  send_line <- function(line) suspendInterrupts(send_line_now(line))
  send_line_now <- function(line) {
    bytes <- charToRaw(enc2utf8(line))
    bytes <- c(bytes, as.raw(10L))
    repeat {
      bytes <- .Call(c_write, conn, bytes)
      if (length(bytes) == 0L) break
      # The socket buffer is full: the host is draining it; give it a moment.
      Sys.sleep(0.0005)
    }
  }

  recv_line <- function() {
    repeat {
      line <- .Call(c_read_lines, conn, 1L)
      if (length(line) == 1L) return(line)
      if (.Call(c_is_eof, conn)) quit(save = "no", status = 0L)
      .Call(c_poll, list(conn), 2L, -1L)
    }
  }

  # JSON encoding. jsonlite::toJSON is the reference (its conventions are the contract), but
  # costs ~0.2 ms even for a scalar, so plain scalars take a hand-written path that produces
  # the same text.
  plain_string <- function(x) !grepl("[\"\\\\[:cntrl:]]", x, useBytes = TRUE)
  scalar_json <- function(x) {
    if (!is.atomic(x) || length(x) != 1L || !is.null(attributes(x))) return(NULL)
    if (is.na(x)) {
      if (is.character(x) || is.numeric(x) || is.logical(x)) return("null")
      return(NULL)
    }
    if (is.logical(x)) return(if (x) "true" else "false")
    if (is.integer(x)) return(as.character(x))
    if (is.double(x)) {
      if (!is.finite(x)) return(NULL)
      s <- sprintf("%.15g", x)
      if (as.numeric(s) != x) s <- sprintf("%.17g", x)
      return(s)
    }
    if (is.character(x)) {
      x <- enc2utf8(x)
      if (plain_string(x)) return(paste0("\"", x, "\""))
    }
    NULL
  }
  value_json <- function(x) {
    fast <- scalar_json(x)
    if (!is.null(fast)) return(fast)
    as.character(to_json(x, auto_unbox = TRUE, null = "null", na = "null", digits = NA,
                         dataframe = "rows", factor = "string", force = TRUE))
  }
  str_json <- function(x) {
    if (is.null(x)) return("null")
    fast <- scalar_json(as.character(x))
    if (!is.null(fast)) return(fast)
    as.character(to_json(enc2utf8(as.character(x)), auto_unbox = TRUE))
  }
  # A JSON array of strings; toJSON's S4 dispatch costs ~0.3 ms per call, this ~10 us.
  strings_json <- function(x) {
    if (length(x) == 0L) return("[]")
    paste0("[", paste(vapply(as.character(x), str_json, ""), collapse = ","), "]")
  }
  # Tool arguments travel as R's natural values: dates and times as ISO text (times in UTC),
  # factors as their labels, a named vector as an object ({"a": 1, "b": 2}).
  arg_value <- function(x) {
    if (inherits(x, "Date")) {
      x <- ifelse(is.na(x), NA_character_, format(x, "%Y-%m-%d"))
    } else if (inherits(x, "POSIXt")) {
      x <- ifelse(is.na(x), NA_character_, format(as.POSIXct(x), "%Y-%m-%dT%H:%M:%OSZ", tz = "UTC"))
    } else if (is.factor(x)) {
      x <- as.character(x)
    }
    if (is.atomic(x) && !is.null(names(x)) && length(x) > 0L && all(nzchar(names(x)))) {
      x <- as.list(x)
    }
    x
  }
  args_json <- function(vals) {
    if (length(vals) == 0L) return("{}")
    parts <- character(length(vals))
    nms <- names(vals)
    for (i in seq_along(vals)) {
      v <- value_json(arg_value(vals[[i]]))
      parts[[i]] <- paste0("\"", nms[[i]], "\":", v)
    }
    paste0("{", paste(parts, collapse = ","), "}")
  }

  # Results stay under the host's message cap: larger values go as null, flagged "omitted"
  # (printed form kept).
  max_printed_lines <- 2000L
  state <- new.env(parent = emptyenv())
  state$exec <- 0L
  state$call <- 0L
  state$max_value_bytes <- 900000
  state$kill_strays <- FALSE

  # The runtime's own code runs with interrupts held back; only user code can be interrupted.
  # A SIGINT that arrives after the code finished stays pending until the host's interrupt
  # notice says which execution it was meant for; then it is cleared (clear_interrupt).
  with_interrupts <- function(expr) {
    .Internal(interruptsSuspended(FALSE))
    on.exit(.Internal(interruptsSuspended(TRUE)))
    expr
  }
  clear_interrupt <- function() {
    tryCatch(with_interrupts({ for (i in 1:2000) NULL; NULL }), interrupt = function(i) NULL)
  }
  acknowledge_interrupt <- function(exec) {
    clear_interrupt()
    send_line(paste0("{\"type\":\"interrupt_ack\",\"exec\":", as.integer(exec), "}"))
  }

  call_tool <- function(name, vals) {
    if (state$exec == 0L) stop(sprintf("tool '%s' can only be called while code is executing", name), call. = FALSE)
    state$call <- state$call + 1L
    call_id <- state$call
    send_line(paste0("{\"type\":\"tool_call\",\"exec\":", state$exec, ",\"call\":", call_id,
                     ",\"tool\":\"", name, "\",\"args\":", args_json(vals), "}"))
    # parse_json without simplification costs ~11 us against ~95 us for fromJSON; only
    # non-scalar values need jsonlite's simplification (arrays -> vectors, records -> data.frame).
    reply <- parse_json(recv_line(), simplifyVector = FALSE)
    if (identical(reply$type, "interrupt")) {
      # The execution timed out while waiting for the host: end it as an interrupt would.
      state$pending_ack <- reply$exec
      stop(structure(class = c("interrupt", "condition"), list(message = "interrupted", call = NULL)))
    }
    if (!identical(reply$type, "tool_result") || !identical(as.integer(reply$call), call_id)) {
      stop("securer: unexpected reply from host", call. = FALSE)
    }
    if (!isTRUE(reply$ok)) stop(reply$error, call. = FALSE)
    value <- reply$value
    if (is.list(value)) {
      value <- simplify(value, simplifyVector = TRUE, simplifyDataFrame = TRUE, simplifyMatrix = TRUE)
    }
    if (identical(reply$visible, FALSE)) return(invisible(value))
    value
  }

  # Whole doubles count as integers: models write f(n = 5), not 5L.
  is_integerish <- function(x) is.integer(x) || (is.double(x) && all(is.na(x) | (is.finite(x) & x == trunc(x))))
  is_text <- function(x) is.character(x) || is.factor(x) || inherits(x, "Date") || inherits(x, "POSIXt")
  is_collection <- function(x) is.list(x) || is.atomic(x)
  type_checks <- list(numeric = function(x) is.numeric(x) && !is.factor(x), integer = is_integerish,
                      character = is_text, logical = is.logical, list = is_collection, data.frame = is.data.frame)

  make_tool <- function(spec) {
    tool_name <- spec$name
    arg_names <- vapply(spec$args, function(a) a$name, "")
    arg_types <- vapply(spec$args, function(a) a$type, "")
    arg_required <- vapply(spec$args, function(a) isTRUE(a$required), TRUE)
    fmls <- vector("list", length(arg_names))
    names(fmls) <- arg_names
    for (i in seq_along(arg_names)) {
      if (arg_required[[i]]) fmls[i] <- list(quote(expr = ))
    }
    f <- function() {
      env <- environment()
      vals <- list()
      for (i in seq_along(arg_names)) {
        nm <- arg_names[[i]]
        if (eval(call("missing", as.name(nm)), env)) {
          if (arg_required[[i]]) {
            stop(sprintf("tool '%s': argument '%s' is missing, with no default", tool_name, nm), call. = FALSE)
          }
          next
        }
        v <- get(nm, envir = env, inherits = FALSE)
        if (is.null(v)) {
          if (arg_required[[i]]) stop(sprintf("tool '%s': argument '%s' must not be NULL", tool_name, nm), call. = FALSE)
          next
        }
        check <- type_checks[[arg_types[[i]]]]
        if (!is.null(check) && !check(v)) {
          stop(sprintf("tool '%s': argument '%s' must be %s, not %s", tool_name, nm, arg_types[[i]], class(v)[[1L]]),
               call. = FALSE)
        }
        vals[[nm]] <- v
      }
      call_tool(tool_name, vals)
    }
    formals(f) <- as.pairlist(fmls)
    f
  }

  install_tools <- function(specs) {
    g <- globalenv()
    for (spec in specs) {
      if (exists(spec$name, envir = g, inherits = FALSE) && bindingIsLocked(spec$name, g)) {
        unlockBinding(spec$name, g)
      }
      assign(spec$name, make_tool(spec), envir = g)
      lockBinding(spec$name, g)
    }
  }

  # The host routes to an execution only the output between its start and end marks.
  mark_start <- function(nonce) {
    cat("\n@FENCE_MARK@START:", nonce, "\n", sep = "")
    flush(stdout())
  }
  fence <- function(nonce) {
    state$open_exec <- NULL # the terminal message follows at once
    flush(stdout())
    flush(stderr())
    cat("@FENCE_MARK@FENCE:", nonce, "\n", sep = "")
    flush(stdout())
  }

  own_eval_call <- quote(eval(expr, envir = globalenv()))
  cond_call <- function(cond) {
    cl <- conditionCall(cond)
    # stop() at the top level of user code reports the runtime's own eval() as its call.
    if (is.null(cl) || identical(cl, own_eval_call)) return(NULL)
    paste(deparse(cl, nlines = 1L, width.cutoff = 200L), collapse = " ")
  }

  send_error <- function(exec, kind, message, call = NULL) {
    send_line(paste0("{\"type\":\"error\",\"exec\":", exec, ",\"kind\":\"", kind,
                     "\",\"message\":", str_json(message), ",\"call\":", str_json(call), "}"))
  }

  eval_all <- function(exprs) {
    last <- list(value = NULL, visible = FALSE)
    n <- length(exprs)
    for (i in seq_len(n)) {
      expr <- exprs[[i]]
      # JIT on only around user code: switched on here (not by our caller) so that neither this
      # function nor its loop gets compiled; run_execute's on.exit switches it off after errors.
      .Internal(enableJIT(3L))
      last <- withVisible(eval(expr, envir = globalenv()))
      .Internal(enableJIT(0L))
      # Like Rscript: every visible top-level value but the last is printed as output.
      if (i < n && last$visible) print(last$value)
    }
    last
  }

  run_execute <- function(msg) {
    exec <- as.integer(msg$exec)
    state$open_exec <- exec
    state$open_fence <- msg$fence
    mark_start(msg$fence)
    exprs <- tryCatch(parse(text = msg$code, keep.source = FALSE), error = function(e) e)
    if (inherits(exprs, "error")) {
      fence(msg$fence)
      send_error(exec, "syntax", conditionMessage(exprs))
      return(invisible())
    }
    state$exec <- exec
    state$call <- 0L
    on.exit(.Internal(enableJIT(0L)), add = TRUE)
    outcome <- tryCatch(
      withCallingHandlers(with_interrupts(eval_all(exprs)), warning = function(w) {
        cat("Warning message:\n", conditionMessage(w), "\n", sep = "", file = stderr())
        invokeRestart("muffleWarning")
      }),
      error = function(e) e,
      interrupt = function(i) i)
    state$exec <- 0L
    if (state$kill_strays) kill_strays()
    if (inherits(outcome, "interrupt")) {
      fence(msg$fence)
      send_error(exec, "interrupted", "execution interrupted")
      return(invisible())
    }
    if (inherits(outcome, "error")) {
      fence(msg$fence)
      send_error(exec, "runtime", conditionMessage(outcome), cond_call(outcome))
      return(invisible())
    }
    value <- outcome$value
    json <- tryCatch(value_json(value), error = function(e) "null")
    omitted <- nchar(json, type = "bytes") > state$max_value_bytes
    if (omitted) json <- "null"
    printed <- ""
    if (isTRUE(outcome$visible)) {
      lines <- tryCatch(utils::capture.output(print(value)),
                        error = function(e) paste("<print failed:", conditionMessage(e), ">"))
      if (length(lines) > max_printed_lines) {
        lines <- c(lines[seq_len(max_printed_lines)],
                   sprintf("... [%d more lines]", length(lines) - max_printed_lines))
      }
      printed <- paste(lines, collapse = "\n")
      if (nchar(printed, type = "bytes") > state$max_value_bytes) {
        printed <- paste0(substr(printed, 1L, 10000L), "\n... [print truncated]")
      }
    }
    cls <- class(value)
    fence(msg$fence)
    send_line(paste0("{\"type\":\"result\",\"exec\":", exec,
                     ",\"value\":", json,
                     ",\"omitted\":", if (omitted) "true" else "false",
                     ",\"printed\":", str_json(printed),
                     ",\"visible\":", if (isTRUE(outcome$visible)) "true" else "false",
                     ",\"class\":", strings_json(cls), "}"))
    invisible()
  }

  dangerous <- c("system", "system2", "shell", "shell.exec", "pipe", "socketConnection",
                 "socketAccept", "make.socket", "url", "download.file", "curlGetHeaders",
                 ".Call", ".External", ".External2", ".C", ".Fortran", ".Internal", ".Primitive",
                 "dyn.load", "library.dynam", "Sys.setenv", "Sys.unsetenv", "Sys.getenv",
                 "unlockBinding", "assignInNamespace", "setwd", "unlink", "file.remove",
                 "processx", "callr", "sys", "curl", "httr", "httr2")
  run_validate <- function(msg) {
    exec <- as.integer(msg$exec)
    exprs <- tryCatch(parse(text = msg$code, keep.source = FALSE), error = function(e) e)
    if (inherits(exprs, "error")) {
      send_line(paste0("{\"type\":\"validation\",\"exec\":", exec,
                       ",\"valid\":false,\"error\":", str_json(conditionMessage(exprs)), ",\"warnings\":[]}"))
      return(invisible())
    }
    used <- unique(all.names(exprs))
    hits <- intersect(dangerous, used)
    warnings <- if (length(hits)) sprintf("call to '%s' detected", hits) else character()
    send_line(paste0("{\"type\":\"validation\",\"exec\":", exec, ",\"valid\":true,\"error\":null,\"warnings\":",
                     strings_json(warnings), "}"))
    invisible()
  }

  # Processes an execution started (system("... &")) must not outlive it: in the sandbox's own pid
  # namespace, kill(-1) reaches every process but R itself and the sandbox's init.
  pskill <- tools::pskill
  sigkill <- tools::SIGKILL
  kill_strays <- function() {
    pskill(-1L, sigkill)
    invisible()
  }

  send_line(paste0("{\"type\":\"hello\",\"protocol\":@PROTOCOL_VERSION@,\"token\":\"", token, "\",\"pid\":", Sys.getpid(),
                   ",\"r_version\":\"", R.version$major, ".", R.version$minor, "\"}"))
  rm(token)
  rm(args)

  serve_one <- function() {
    line <- recv_line()
    msg <- parse_json(line, simplifyVector = FALSE)
    switch(msg$type,
      init = {
        state$kill_strays <- isTRUE(msg$kill_strays)
        state$max_value_bytes <- as.numeric(msg$max_value_bytes)
        install_tools(msg$tools)
        send_line("{\"type\":\"ready\"}")
      },
      execute = {
        run_execute(msg)
        if (!is.null(state$pending_ack)) {
          acknowledge_interrupt(state$pending_ack)
          state$pending_ack <- NULL
        }
      },
      interrupt = acknowledge_interrupt(msg$exec),
      validate = run_validate(msg),
      stop(sprintf("securer runtime: unknown message type '%s'", msg$type))
    )
  }
  # If the runtime itself fails while an execution is open, that execution still gets its end mark
  # and an error, so the host never waits for an answer that cannot come.
  close_open_exec <- function(why) {
    exec <- state$open_exec
    if (is.null(exec)) return(invisible())
    fence(state$open_fence)
    send_error(exec, "runtime", paste0("securer runtime error: ", why))
  }
  serve_forever <- function() {
    .Internal(interruptsSuspended(TRUE))
    repeat {
      # An interrupt that lands between executions (a timeout racing the result) must not end R.
      tryCatch({
        serve_one()
        state$open_exec <- NULL
      }, interrupt = function(i) close_open_exec("interrupted"),
         error = function(e) {
           cat("securer runtime error: ", conditionMessage(e), "\n", sep = "", file = stderr())
           close_open_exec(conditionMessage(e))
         })
    }
  }
  serve_forever()
})
