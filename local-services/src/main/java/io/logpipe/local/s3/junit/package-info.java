/** JUnit 5 support for {@link io.logpipe.local.s3.S3ProxyServer}. */
@NullMarked
package io.logpipe.local.s3.junit;

import org.jspecify.annotations.NullMarked;
