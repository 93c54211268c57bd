package ai.refinery.rapids.coverage;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/**
 * Collects what the plugin logs about plan placement while an action runs (Spark 3.5 logs through
 * log4j2; the plugin writes each plan's NOT_ON_GPU explanation as one WARN message of {@code
 * GpuOverrides}). Used for actions that are not a DataFrame the explain API can take, such as a
 * Delta write command.
 */
final class PluginLog extends AbstractAppender implements AutoCloseable {
  static final String LOGGER = "com.nvidia.spark.rapids.GpuOverrides";

  private final List<String> messages = new CopyOnWriteArrayList<>();
  private final Logger logger;
  private final Level previous;

  PluginLog() {
    super("refinery-gpu-coverage", null, null, true, Property.EMPTY_ARRAY);
    start();
    LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    logger = ctx.getLogger(LOGGER);
    previous = logger.getLevel();
    if (!logger.isEnabled(Level.WARN)) {
      logger.setLevel(Level.WARN);
    }
    logger.addAppender(this);
  }

  @Override
  public void append(LogEvent event) {
    if (LOGGER.equals(event.getLoggerName())) {
      messages.add(event.getMessage().getFormattedMessage());
    }
  }

  /** The messages logged so far. */
  List<String> messages() {
    return List.copyOf(messages);
  }

  @Override
  public void close() {
    logger.removeAppender(this);
    if (logger.getLevel() != previous) {
      logger.setLevel(previous);
    }
    stop();
  }
}
