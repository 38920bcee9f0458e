/**
 * A bulk sink for OpenSearch and Elasticsearch with Amazon Data Firehose's OpenSearch-destination
 * semantics: {@link io.logpipe.es.BulkSink} batches {@link io.logpipe.es.EsDocument}s into NDJSON
 * {@code _bulk} requests sent with the JDK {@link java.net.http.HttpClient}, classifies every item
 * (indexed, retried with backoff, or backed up), names indices with Firehose's
 * {@link io.logpipe.es.IndexRotation}, retries for a Firehose retry duration and writes what it
 * could not index to a {@link io.logpipe.sink.FailedRecordStore} (sink-core) as Firehose's failed-document JSON
 * ({@link io.logpipe.es.FailedDocument}).
 *
 * <p>Authentication is an {@link io.logpipe.es.EsAuth}: none, HTTP basic, or
 * {@link io.logpipe.es.AwsSigV4Auth} for Amazon OpenSearch Service and OpenSearch Serverless (this
 * one needs the optional {@code software.amazon.awssdk:http-auth-aws} dependency).
 * {@link io.logpipe.es.IndexTemplate} installs mappings for the tutorial's {@code request_data}
 * index and for raw access-log documents.
 */
@NullMarked
package io.logpipe.es;

import org.jspecify.annotations.NullMarked;
