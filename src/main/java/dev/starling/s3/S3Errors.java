package dev.starling.s3;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Turns the SDK's exceptions into one line that says what is wrong and what to do. */
final class S3Errors {

    private S3Errors() {
    }

    static S3Cache.Failure translate(SdkException e, S3Location location, S3Settings settings) {
        return new S3Cache.Failure(describe(e, location, settings), e);
    }

    static String describe(SdkException e, S3Location location, S3Settings settings) {
        String where = settings.describeEndpoint();
        String credentials = settings.accessKeyId() != null
                ? S3Settings.ACCESS_KEY_ID + " and " + S3Settings.SECRET_ACCESS_KEY + " on the target"
                : "the AWS credentials (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or the instance role)";
        if (e instanceof S3Exception s3) {
            String code = s3.awsErrorDetails() != null && s3.awsErrorDetails().errorCode() != null
                    ? s3.awsErrorDetails().errorCode() : "";
            int status = s3.statusCode();
            if (e instanceof NoSuchBucketException || code.equals("NoSuchBucket")) {
                return "bucket '" + location.bucket() + "' does not exist at " + where + ". Check the bucket name in"
                        + " the location" + (settings.endpoint() != null ? " and " + S3Settings.ENDPOINT + " on the target" : "")
                        + ".";
            }
            if (code.equals("InvalidAccessKeyId")) {
                return "access denied: " + where + " does not know the access key id (InvalidAccessKeyId). Check "
                        + credentials + ".";
            }
            if (code.equals("SignatureDoesNotMatch")) {
                return "access denied: the secret access key does not match the access key id"
                        + " (SignatureDoesNotMatch). Check " + credentials + ".";
            }
            if (code.equals("ExpiredToken") || code.equals("InvalidToken")) {
                return "access denied: the session token has expired or is invalid (" + code + "). Renew "
                        + credentials + ".";
            }
            if (status == 403 || code.equals("AccessDenied")) {
                return "access denied (" + (code.isEmpty() ? "403" : code) + "): the credentials may not list or read "
                        + location + ". Grant s3:ListBucket and s3:GetObject on it, or check " + credentials + ".";
            }
            if (status == 301 || code.equals("PermanentRedirect") || code.equals("AuthorizationHeaderMalformed")) {
                return "the bucket is in another region than " + settings.region() + " (" + code + "). Set "
                        + S3Settings.REGION + " on the target to the bucket's region.";
            }
            return "S3 answered " + status + (code.isEmpty() ? "" : " " + code) + ": " + firstLine(s3.awsErrorDetails() != null
                    ? s3.awsErrorDetails().errorMessage() : s3.getMessage()) + ". Check the location and the target's"
                    + " s3_* settings, then run again.";
        }
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (e instanceof SdkClientException && message.contains("Unable to load credentials")) {
            return "no AWS credentials found. Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE), or "
                    + S3Settings.ACCESS_KEY_ID + " and " + S3Settings.SECRET_ACCESS_KEY + " on the target.";
        }
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof UnknownHostException || cause instanceof ConnectException
                    || cause instanceof SocketTimeoutException || cause instanceof IOException) {
                return "cannot reach " + where + " (" + cause.getClass().getSimpleName() + ": " + firstLine(cause.getMessage())
                        + "). Check the network" + (settings.endpoint() != null ? " and " + S3Settings.ENDPOINT : "")
                        + ", then run again.";
            }
        }
        return firstLine(message) + ". Check the location and the target's s3_* settings, then run again.";
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int newline = text.indexOf('\n');
        String line = newline < 0 ? text : text.substring(0, newline);
        return line.endsWith(".") ? line.substring(0, line.length() - 1) : line;
    }
}
