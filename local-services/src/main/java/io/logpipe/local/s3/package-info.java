/**
 * A real S3 API server for local runs and tests: {@link io.logpipe.local.s3.S3ProxyServer} runs
 * {@code org.gaul:s3proxy} (filesystem backend) from Maven Central as a child process on a free
 * loopback port. {@link io.logpipe.local.s3.junit.S3ProxyExtension} wraps it for JUnit 5.
 */
@NullMarked
package io.logpipe.local.s3;

import org.jspecify.annotations.NullMarked;
