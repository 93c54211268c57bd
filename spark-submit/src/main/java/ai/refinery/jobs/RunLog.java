package ai.refinery.jobs;

import java.nio.file.Path;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.FileAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Where a command's log goes: the console ({@code etc/log4j2.properties}: Refinery's warnings,
 * everyone's errors, no stack traces; {@code --verbose} adds INFO) and the run folder's {@code
 * logs/refinery.log} (Refinery at INFO, Spark and the rest at WARN, with stack traces). Best
 * effort: under another log4j configuration (a cluster's, a test's) it changes nothing it does not
 * find.
 */
public final class RunLog {
  private static final String FILE_APPENDER = "refinery-run-log";
  private static final String CONSOLE = "console";

  /** Logger whose events go to the run log only (a failure's stack trace). */
  private static final String TRACE = "refinery.trace";

  private static volatile Path current;

  private RunLog() {}

  private static LoggerContext context() {
    return (LoggerContext) LogManager.getContext(false);
  }

  /** Console at INFO for Refinery and WARN for the rest (verbose), or the quiet default. */
  public static synchronized void verbose(boolean verbose) {
    try {
      LoggerContext ctx = context();
      Configuration cfg = ctx.getConfiguration();
      Appender console = cfg.getAppender(CONSOLE);
      if (console == null) {
        return;
      }
      reattach(cfg.getRootLogger(), console, verbose ? Level.WARN : Level.ERROR);
      LoggerConfig refinery = cfg.getLoggers().get("ai.refinery");
      if (refinery != null) {
        reattach(refinery, console, verbose ? Level.INFO : Level.WARN);
      }
      ctx.updateLoggers();
    } catch (RuntimeException | LinkageError e) {
      // another logging backend: leave it as configured
    }
  }

  private static void reattach(LoggerConfig c, Appender a, Level level) {
    if (c.getAppenders().containsKey(a.getName())) {
      c.removeAppender(a.getName());
      c.addAppender(a, level, null);
    }
  }

  /** Sends the log to {@code file} as well (appending), until {@link #detach}. */
  public static synchronized void attach(Path file) {
    if (file.equals(current)) {
      return;
    }
    detach();
    try {
      java.nio.file.Files.createDirectories(file.getParent());
      LoggerContext ctx = context();
      Configuration cfg = ctx.getConfiguration();
      PatternLayout layout =
          PatternLayout.newBuilder()
              .withConfiguration(cfg)
              .withPattern("%d{yyyy-MM-dd HH:mm:ss.SSS} %p [%t] %c{1}: %m%n")
              .build();
      FileAppender app =
          FileAppender.newBuilder()
              .setName(FILE_APPENDER)
              .withFileName(file.toString())
              .withAppend(true)
              .setLayout(layout)
              .setConfiguration(cfg)
              .build();
      app.start();
      cfg.addAppender(app);
      cfg.getRootLogger().addAppender(app, null, null);
      for (LoggerConfig c : cfg.getLoggers().values()) {
        if (c != cfg.getRootLogger() && !c.isAdditive()) {
          c.addAppender(app, null, null);
        }
      }
      LoggerConfig trace = cfg.getLoggers().get(TRACE);
      if (trace == null) {
        trace = new LoggerConfig(TRACE, Level.ALL, false);
        cfg.addLogger(TRACE, trace);
        trace.addAppender(app, null, null);
      }
      ctx.updateLoggers();
      current = file;
    } catch (java.io.IOException | RuntimeException | LinkageError e) {
      current = null; // no run log; the console still works
    }
  }

  /** The file the log goes to, or null. */
  public static Path file() {
    return current;
  }

  /** Stops writing the run log (before its folder is removed, or the command ends). */
  public static synchronized void detach() {
    if (current == null) {
      return;
    }
    try {
      LoggerContext ctx = context();
      Configuration cfg = ctx.getConfiguration();
      for (LoggerConfig c : cfg.getLoggers().values()) {
        c.removeAppender(FILE_APPENDER);
      }
      cfg.getRootLogger().removeAppender(FILE_APPENDER);
      Appender app = cfg.getAppenders().get(FILE_APPENDER);
      if (app != null) {
        app.stop();
        cfg.getAppenders().remove(FILE_APPENDER);
      }
      ctx.updateLoggers();
    } catch (RuntimeException | LinkageError e) {
      // nothing more to do
    }
    current = null;
  }

  /** Writes {@code message} with the stack trace of {@code t} to the run log only. */
  public static void trace(String message, Throwable t) {
    LogManager.getLogger(TRACE).error(message, t);
  }
}
