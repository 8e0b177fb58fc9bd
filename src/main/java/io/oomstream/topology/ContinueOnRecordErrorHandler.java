package io.oomstream.topology;

import java.util.Map;

import io.oomstream.metrics.Metrics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsConfig;
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
 * <p>Skipped (RESUME), in every processing mode:
 * <ul>
 *   <li>input records whose key or value cannot be deserialized ({@code stage="deserialize"});</li>
 *   <li>output records whose serializer throws ({@code stage="serialize"}), including values refused by
 *       {@link #limitSize}: this is how an output record too large for the broker is kept away from the
 *       producer.</li>
 * </ul>
 *
 * <p>Output records the broker or producer refuse for a reason of their own ({@link RecordTooLargeException},
 * {@link RecordBatchTooLargeException}, {@link InvalidTimestampException}, {@link InvalidRecordException}):
 * <ul>
 *   <li>at_least_once: skipped ({@code stage="produce"});</li>
 *   <li>exactly_once_v2: <b>cannot be skipped</b> with Kafka 4.3. The failed send puts the transactional
 *       producer into an abortable error state, the transaction is aborted and the stream thread fails
 *       whatever a handler answers (verified against a 4.3.1 broker; KAFKA-15259 is the upstream issue).
 *       The handler therefore answers FAIL with an explicit log line. The topology must not produce such
 *       records: stamp output records with processing time (a Kafka 4 broker refuses timestamps more than
 *       1 h in the future) and wrap value serializers with {@link #limitSize}.</li>
 * </ul>
 * Retriable errors are answered with RETRY; every other production error FAILS, since it is not about one
 * record (a missing topic, or the records sharing a batch with a refused one) and skipping would silently
 * drop good data. The handler only skips: dead-letter routing is done by the topology itself, where the
 * raw input and the reason are known.
 */
public final class ContinueOnRecordErrorHandler implements ProductionExceptionHandler, DeserializationExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ContinueOnRecordErrorHandler.class);
    private static final String HELP = "Records Kafka refused or could not (de)serialise and that oomstream skipped";

    private boolean exactlyOnce;

    @Override
    public void configure(final Map<String, ?> configs) {
        exactlyOnce = StreamsConfig.EXACTLY_ONCE_V2.equals(
            String.valueOf(configs.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)));
    }

    @Override
    public ProductionExceptionHandler.Response handleError(final ErrorHandlerContext context,
                                                           final ProducerRecord<byte[], byte[]> record,
                                                           final Exception exception) {
        if (isRecordSpecific(exception)) {
            if (exactlyOnce) {
                LOG.error("Output record refused and it cannot be skipped under exactly_once_v2 (the transaction "
                        + "aborts); failing: output topic={} (input topic={} partition={} offset={} task={} "
                        + "processor={}): {}", record.topic(), context.topic(), context.partition(),
                    context.offset(), context.taskId(), context.processorNodeId(), exception.toString());
                return ProductionExceptionHandler.Response.fail();
            }
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
                + "partition={} offset={} task={} processor={}): {}", origin, record.topic(), context.topic(),
            context.partition(), context.offset(), context.taskId(), context.processorNodeId(), exception.toString());
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

    /**
     * Wraps a serde so that a value serializing to more than {@code maxBytes} fails with
     * {@link OversizedRecordException} before it reaches the producer; this handler then skips and counts
     * it ({@code stage="serialize", reason="OversizedRecordException"}), which works under exactly_once_v2
     * too. Use {@code AppConfig.maxOutputValueBytes()} as the limit.
     */
    public static <T> Serde<T> limitSize(final Serde<T> serde, final int maxBytes) {
        return Serdes.serdeFrom(limitSize(serde.serializer(), maxBytes), serde.deserializer());
    }

    /** {@link #limitSize(Serde, int)} for a serializer alone. */
    public static <T> Serializer<T> limitSize(final Serializer<T> serializer, final int maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be >= 1, got " + maxBytes);
        }
        return new Serializer<>() {
            @Override
            public void configure(final Map<String, ?> configs, final boolean isKey) {
                serializer.configure(configs, isKey);
            }

            @Override
            public byte[] serialize(final String topic, final T data) {
                final byte[] bytes = serializer.serialize(topic, data);
                if (bytes != null && bytes.length > maxBytes) {
                    throw new OversizedRecordException(topic, bytes.length, maxBytes);
                }
                return bytes;
            }

            @Override
            public void close() {
                serializer.close();
            }
        };
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

    /** A serialized value over the size limit of {@link #limitSize}. */
    public static final class OversizedRecordException extends SerializationException {
        private static final long serialVersionUID = 1L;

        OversizedRecordException(final String topic, final int size, final int max) {
            super("serialized value for topic " + topic + " is " + size + " bytes, over the limit of " + max);
        }
    }

    /** Instantiated by Kafka Streams by reflection. */
    public ContinueOnRecordErrorHandler() {
    }
}
