package ai.refinery.it.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Collects every log4j2 event (Spark, Hadoop, the AWS SDK and Refinery all log through it here)
 * while open, with the given loggers raised to the given levels, and nothing else receives them
 * meanwhile (the root's other appenders are detached); restores levels and appenders on close.
 * Messages and stack traces are both kept, since a leaked secret could be in either.
 */
public final class LogCapture extends AbstractAppender implements AutoCloseable {
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final Map<String, Level> previous = new LinkedHashMap<>();
  private final Map<String, Appender> muted = new LinkedHashMap<>();

  public LogCapture(Map<String, Level> levels) {
    super("it-log-capture", null, null, true, Property.EMPTY_ARRAY);
    start();
    LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    LoggerConfig root = ctx.getConfiguration().getRootLogger();
    // the raised levels are for this appender only: the console (here a surefire report file)
    // would otherwise get megabytes of DEBUG lines and slow the test down
    muted.putAll(root.getAppenders());
    muted.keySet().forEach(root::removeAppender);
    root.addAppender(this, Level.ALL, null);
    // read every level before changing any: a raised parent changes its children's levels
    levels.keySet().forEach(name -> previous.put(name, LogManager.getLogger(name).getLevel()));
    levels.forEach(Configurator::setLevel);
    ctx.updateLoggers();
  }

  @Override
  public void append(LogEvent e) {
    StringBuilder b =
        new StringBuilder()
            .append(e.getLevel())
            .append(' ')
            .append(e.getLoggerName())
            .append(": ")
            .append(e.getMessage().getFormattedMessage());
    for (Throwable t = e.getThrown(); t != null; t = t.getCause()) {
      b.append("\n  caused by ").append(t);
    }
    lines.add(b.toString());
  }

  public List<String> lines() {
    return List.copyOf(lines);
  }

  public String text() {
    return String.join("\n", lines);
  }

  @Override
  public void close() {
    LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    LoggerConfig root = ctx.getConfiguration().getRootLogger();
    root.removeAppender(getName());
    previous.forEach(Configurator::setLevel);
    muted.values().forEach(a -> root.addAppender(a, null, null));
    ctx.updateLoggers();
    stop();
  }
}
