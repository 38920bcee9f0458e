/** Implementation details of {@code io.logpipe.es}: not an API, may change in any release. */
@NullMarked
package io.logpipe.es.internal;

import org.jspecify.annotations.NullMarked;
