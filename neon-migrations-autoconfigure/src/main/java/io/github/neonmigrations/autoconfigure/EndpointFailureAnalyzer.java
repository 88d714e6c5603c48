package io.github.neonmigrations.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a missing, malformed or unusable endpoint: no URL, a connection string that cannot
 * be parsed (masked, with the position of the problem), a pooler as migration endpoint, or a
 * pooled URL with startup parameters that poolers reject.
 */
class EndpointFailureAnalyzer extends AbstractFailureAnalyzer<EndpointException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, EndpointException cause) {
		return new FailureAnalysis(cause.description(), cause.action(), cause);
	}

}
