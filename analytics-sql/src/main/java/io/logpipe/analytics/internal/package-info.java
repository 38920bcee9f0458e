/** Implementation of the analytics-sql builder, validation and rendering; not a public API. */
@NullMarked
package io.logpipe.analytics.internal;

import org.jspecify.annotations.NullMarked;
