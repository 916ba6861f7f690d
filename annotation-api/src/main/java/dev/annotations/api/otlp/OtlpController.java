package dev.annotations.api.otlp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import dev.annotations.api.auth.AccessControl;
import dev.annotations.api.auth.Principal;
import dev.annotations.api.http.ApiProblem;
import dev.annotations.api.http.ProblemMapper;
import dev.annotations.api.http.RpcStatus;
import dev.annotations.api.storage.StorageUnavailableException;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;

import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The OTLP/HTTP receiver: {@code POST /v1/traces} and {@code POST /v1/logs}, binary protobuf or JSON,
 * optionally gzip-compressed, authenticated with a project API key ({@code Authorization: Bearer <key>},
 * every role but VIEWER). Spans and log records are written to the Collector's tables exactly as its
 * ClickHouse exporter writes them; evaluation events also become scores of the key's project.
 *
 * <p>As the OTLP specification requires, the response uses the request's encoding: an
 * {@code Export*ServiceResponse} whose {@code partial_success} counts refused items, or, for failures, a
 * {@code google.rpc.Status}. 503 (with Retry-After) means nothing was acknowledged and the exporter
 * should retry; items counted as rejected must not be retried. The one exception is 415 (a content type
 * or encoding we do not speak), answered as problem+json before anything else is looked at.
 */
public final class OtlpController {
    private static final Logger LOG = Logger.getLogger(OtlpController.class.getName());

    private final AccessControl access;
    private final OtlpService otlp;
    private final OtlpJson json;
    private final long maxDecodedBytes;

    public OtlpController(AccessControl access, OtlpService otlp, ObjectMapper mapper, long maxDecodedBytes) {
        this.access = access;
        this.otlp = otlp;
        this.json = new OtlpJson(mapper);
        this.maxDecodedBytes = maxDecodedBytes;
    }

    public void traces(Context ctx) {
        OtlpEncoding encoding = encodingOf(ctx);
        requireKnownContentEncoding(ctx);
        respond(ctx, encoding, () -> {
            Principal sender = authorise(ctx);
            ExportTraceServiceRequest request = (ExportTraceServiceRequest) decode(ctx, encoding,
                    ExportTraceServiceRequest.newBuilder());
            OtlpService.Refused refused = otlp.exportTraces(sender, request);
            ExportTraceServiceResponse.Builder response = ExportTraceServiceResponse.newBuilder();
            if (refused.count() > 0) {
                response.setPartialSuccess(ExportTracePartialSuccess.newBuilder().setRejectedSpans(refused.count())
                        .setErrorMessage(String.join("; ", refused.problems())));
            }
            return response.build();
        });
    }

    public void logs(Context ctx) {
        OtlpEncoding encoding = encodingOf(ctx);
        requireKnownContentEncoding(ctx);
        respond(ctx, encoding, () -> {
            Principal sender = authorise(ctx);
            ExportLogsServiceRequest request = (ExportLogsServiceRequest) decode(ctx, encoding,
                    ExportLogsServiceRequest.newBuilder());
            OtlpService.Refused refused = otlp.exportLogs(sender, request);
            ExportLogsServiceResponse.Builder response = ExportLogsServiceResponse.newBuilder();
            if (refused.count() > 0) {
                response.setPartialSuccess(ExportLogsPartialSuccess.newBuilder().setRejectedLogRecords(refused.count())
                        .setErrorMessage(String.join("; ", refused.problems())));
            }
            return response.build();
        });
    }

    private interface Export {
        Message run();
    }

    private Principal authorise(Context ctx) {
        access.authenticate(ctx);
        return access.requireWriter(ctx);
    }

    /** The encoding, or a 415 problem (an unknown encoding leaves no way to write a Status). */
    private static OtlpEncoding encodingOf(Context ctx) {
        String contentType = ctx.header("Content-Type");
        return OtlpEncoding.of(contentType).orElseThrow(() -> new ApiProblem(415, "/problems/unsupported-media-type",
                "Unsupported media type", "OTLP/HTTP takes Content-Type application/x-protobuf or application/json, not '"
                + contentType + "'", List.of()));
    }

    /** A 415 problem for a Content-Encoding other than gzip or none, like an unknown content type. */
    private static void requireKnownContentEncoding(Context ctx) {
        if (!OtlpBody.isSupported(ctx.header("Content-Encoding"))) {
            throw new ApiProblem(415, "/problems/unsupported-media-type", "Unsupported media type",
                    "Content-Encoding '" + ctx.header("Content-Encoding") + "' is not supported; use gzip or none",
                    List.of());
        }
    }

    private Message decode(Context ctx, OtlpEncoding encoding, Message.Builder builder) {
        byte[] body = OtlpBody.decode(ctx.bodyAsBytes(), ctx.header("Content-Encoding"), maxDecodedBytes);
        if (encoding == OtlpEncoding.JSON) {
            json.merge(body, builder);
            return builder.build();
        }
        try {
            return builder.mergeFrom(body).build();
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedOtlpException("the body is not a protobuf " + builder.getDescriptorForType().getName()
                    + ": " + e.getMessage());
        }
    }

    private void respond(Context ctx, OtlpEncoding encoding, Export export) {
        try {
            write(ctx, 200, encoding, export.run());
        } catch (MalformedOtlpException e) {
            status(ctx, encoding, 400, e.getMessage());
        } catch (OtlpBody.TooLarge e) {
            status(ctx, encoding, 413, e.getMessage());
        } catch (HttpResponseException e) {
            // Javalin refuses a body over ANNOTATION_MAX_REQUEST_BYTES with 413
            status(ctx, encoding, e.getStatus(), e.getMessage());
        } catch (ApiProblem e) {
            status(ctx, encoding, e.status(), e.getMessage());
        } catch (StorageUnavailableException e) {
            LOG.log(Level.WARNING, "ClickHouse unavailable for " + ctx.path(), e);
            ctx.header("Retry-After", Integer.toString(ProblemMapper.RETRY_AFTER_SECONDS));
            status(ctx, encoding, 503, "ClickHouse did not store the data; nothing was acknowledged. Retry later.");
        } catch (RuntimeException e) {
            String incident = UUID.randomUUID().toString();
            LOG.log(Level.SEVERE, "unexpected error " + incident + " on " + ctx.path(), e);
            status(ctx, encoding, 500, "the service failed unexpectedly; incident " + incident + " is logged");
        }
    }

    private static void write(Context ctx, int status, OtlpEncoding encoding, Message message) {
        ctx.status(status).contentType(encoding.contentType);
        if (encoding == OtlpEncoding.JSON) {
            try {
                ctx.result(JsonFormat.printer().omittingInsignificantWhitespace().print(message));
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException(e);
            }
        } else {
            ctx.result(message.toByteArray());
        }
    }

    /** A {@code google.rpc.Status} in the request's encoding, its code the one gRPC maps the HTTP status to. */
    private static void status(Context ctx, OtlpEncoding encoding, int httpStatus, String message) {
        ctx.status(httpStatus).contentType(encoding.contentType)
                .result(RpcStatus.forHttp(httpStatus, message).encode(encoding.contentType));
    }
}
