package io.logpipe.local.firehose;

import static org.apiguardian.api.API.Status.STABLE;

import io.logpipe.model.LogpipeException;
import org.apiguardian.api.API;

/**
 * An error the local Firehose endpoint answers in AWS's shape: the HTTP status, and a body
 * {@code {"__type": "<errorType>", "message": "..."}} that the SDK maps to its exception types
 * ({@code ResourceNotFoundException}, {@code InvalidArgumentException}, ...).
 *
 * <p>Destinations throw it from {@link DeliveryDestinationFactory#create} to reject a configuration.
 */
@API(status = STABLE)
public class LocalFirehoseException extends LogpipeException {

    private static final long serialVersionUID = 1L;

    private final String errorType;
    private final int httpStatus;

    /**
     * Creates the exception.
     *
     * @param errorType the AWS error code, for example {@code InvalidArgumentException}
     * @param httpStatus the HTTP status to answer with
     * @param message the message the caller sees
     */
    public LocalFirehoseException(String errorType, int httpStatus, String message) {
        super(message, null, httpStatus >= 500);
        this.errorType = errorType;
        this.httpStatus = httpStatus;
    }

    /**
     * Returns an {@code InvalidArgumentException} (HTTP 400).
     *
     * @param message what is wrong with which field
     * @return the exception
     */
    public static LocalFirehoseException invalidArgument(String message) {
        return new LocalFirehoseException("InvalidArgumentException", 400, message);
    }

    /**
     * Returns a {@code ValidationException} (HTTP 400), AWS's answer to a request breaking the API
     * model's constraints.
     *
     * @param message the constraint that failed
     * @return the exception
     */
    public static LocalFirehoseException validation(String message) {
        return new LocalFirehoseException("ValidationException", 400, message);
    }

    /**
     * Returns a {@code ResourceNotFoundException} (HTTP 400).
     *
     * @param message which resource
     * @return the exception
     */
    public static LocalFirehoseException resourceNotFound(String message) {
        return new LocalFirehoseException("ResourceNotFoundException", 400, message);
    }

    /**
     * Returns the AWS error code.
     *
     * @return the {@code __type}
     */
    public String errorType() {
        return errorType;
    }

    /**
     * Returns the HTTP status.
     *
     * @return the status code
     */
    public int httpStatus() {
        return httpStatus;
    }
}
