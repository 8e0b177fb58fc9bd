package io.oomstream.topology;

import java.util.Map;

import io.oomstream.metrics.Metrics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams production and deserialization exception handler that skips a single bad record instead of
 * stopping the application, logging it with topic/partition/offset/task and counting it in
 * {@link Metrics#RECORDS_SKIPPED} ({@code stage}, {@code reason} labels) of {@link Metrics#global()}.
 *
 * <p>Skipped (RESUME):
 * <ul>
 *   <li>output records the broker refuses for reasons that belong to that record alone:
 *       {@link RecordTooLargeException}, {@link RecordBatchTooLargeException},
 *       {@link InvalidTimestampException} (e.g. a record stamped more than
 *       {@code log.message.timestamp.after.max.ms} = 1 h in the future), {@link InvalidRecordException};</li>
 *   <li>output records whose key or value serializer throws;</li>
 *   <li>input records whose key or value cannot be deserialized.</li>
 * </ul>
 * Retriable broker errors are answered with RETRY (the task is retried, nothing is lost); every other
 * production error FAILS, since it is not about one record (e.g. a missing output topic) and skipping would
 * silently drop everything. The handler only skips: routing bad input to the dead-letter topic is done by
 * the topology itself, where the raw bytes and the reason are known.
 */
public final class ContinueOnRecordErrorHandler implements ProductionExceptionHandler, DeserializationExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ContinueOnRecordErrorHandler.class);
    private static final String HELP = "Records Kafka refused or could not (de)serialise and that oomstream skipped";

    @Override
    public void configure(final Map<String, ?> configs) {
        // nothing to configure
    }

    @Override
    public ProductionExceptionHandler.Response handleError(final ErrorHandlerContext context,
                                                           final ProducerRecord<byte[], byte[]> record,
                                                           final Exception exception) {
        if (isRecordSpecific(exception)) {
            LOG.error("Skipping output record the broker refused: output topic={} (input topic={} partition={} "
                    + "offset={} task={} processor={}): {}", record.topic(), context.topic(), context.partition(),
                context.offset(), context.taskId(), context.processorNodeId(), exception.toString());
            count("produce", exception);
            return ProductionExceptionHandler.Response.resume();
        }
        if (exception instanceof RetriableException) {
            LOG.warn("Retriable error producing to topic={} (input topic={} partition={} offset={} task={}): {}",
                record.topic(), context.topic(), context.partition(), context.offset(), context.taskId(),
                exception.toString());
            return ProductionExceptionHandler.Response.retry();
        }
        LOG.error("Failing on error producing to topic={} (input topic={} partition={} offset={} task={})",
            record.topic(), context.topic(), context.partition(), context.offset(), context.taskId(), exception);
        return ProductionExceptionHandler.Response.fail();
    }

    @Override
    @SuppressWarnings("rawtypes")
    public ProductionExceptionHandler.Response handleSerializationError(final ErrorHandlerContext context,
                                                                        final ProducerRecord record,
                                                                        final Exception exception,
                                                                        final SerializationExceptionOrigin origin) {
        LOG.error("Skipping output record whose {} cannot be serialized: output topic={} (input topic={} "
                + "partition={} offset={} task={} processor={})", origin, record.topic(), context.topic(),
            context.partition(), context.offset(), context.taskId(), context.processorNodeId(), exception);
        count("serialize", exception);
        return ProductionExceptionHandler.Response.resume();
    }

    @Override
    public DeserializationExceptionHandler.Response handleError(final ErrorHandlerContext context,
                                                                final ConsumerRecord<byte[], byte[]> record,
                                                                final Exception exception) {
        LOG.error("Skipping input record that cannot be deserialized: topic={} partition={} offset={} task={}: {}",
            record.topic(), record.partition(), record.offset(), context.taskId(), exception.toString());
        count("deserialize", exception);
        return DeserializationExceptionHandler.Response.resume();
    }

    /** Whether the broker refused this record for a reason that does not affect other records. */
    static boolean isRecordSpecific(final Exception exception) {
        return exception instanceof RecordTooLargeException
            || exception instanceof RecordBatchTooLargeException
            || exception instanceof InvalidTimestampException
            || exception instanceof InvalidRecordException;
    }

    private static void count(final String stage, final Exception exception) {
        Metrics.global().counter(Metrics.RECORDS_SKIPPED, HELP,
            "stage", stage, "reason", exception.getClass().getSimpleName()).inc();
    }
}
