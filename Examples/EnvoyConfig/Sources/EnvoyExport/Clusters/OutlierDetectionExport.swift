import EdgeRouting

/// EdgeRouting's outlier-detection settings as Envoy's `outlier_detection`.
///
/// EdgeRouting's settings are Envoy's fields in camel case, with Envoy's meaning, so the mapping is one
/// to one. Every field is written, defaults included, because two of EdgeRouting's defaults differ from
/// Envoy's (`max_ejection_percent` 100 instead of 10, `always_eject_one_host` true instead of false).
/// A consecutive threshold of 0, which disables the detector in EdgeRouting, is written with its
/// enforcement at 0 as well, so that Envoy never ejects by it either.
enum OutlierDetectionExport {
    /// The `outlier_detection` object.
    ///
    /// - Parameter settings: The outlier-detection settings.
    static func outlierDetection(_ settings: OutlierDetectionConfiguration) -> JSONValue {
        var object = JSONObject()
        object["consecutive_5xx"] = .int(settings.consecutive5xx)
        object["enforcing_consecutive_5xx"] = self.enforcing(settings.enforcingConsecutive5xx, settings.consecutive5xx)
        object["consecutive_gateway_failure"] = .int(settings.consecutiveGatewayFailure)
        object["enforcing_consecutive_gateway_failure"] = self.enforcing(
            settings.enforcingConsecutiveGatewayFailure,
            settings.consecutiveGatewayFailure
        )
        object["split_external_local_origin_errors"] = .bool(settings.splitExternalLocalOriginErrors)
        object["consecutive_local_origin_failure"] = .int(settings.consecutiveLocalOriginFailure)
        object["enforcing_consecutive_local_origin_failure"] = self.enforcing(
            settings.enforcingConsecutiveLocalOriginFailure,
            settings.consecutiveLocalOriginFailure
        )
        object["interval"] = ProtoJSON.duration(settings.interval)
        object["base_ejection_time"] = ProtoJSON.duration(settings.baseEjectionTime)
        object["max_ejection_time"] = ProtoJSON.duration(settings.maxEjectionTime)
        object["max_ejection_time_jitter"] = ProtoJSON.duration(settings.maxEjectionTimeJitter)
        object["max_ejection_percent"] = .int(settings.maxEjectionPercent)
        object["always_eject_one_host"] = .bool(settings.alwaysEjectOneEndpoint)
        object["success_rate_minimum_hosts"] = .int(settings.successRateMinimumHosts)
        object["success_rate_request_volume"] = .int(settings.successRateRequestVolume)
        object["success_rate_stdev_factor"] = .int(settings.successRateStdevFactor)
        object["enforcing_success_rate"] = .int(settings.enforcingSuccessRate)
        object["enforcing_local_origin_success_rate"] = .int(settings.enforcingLocalOriginSuccessRate)
        object["failure_percentage_threshold"] = .int(settings.failurePercentageThreshold)
        object["enforcing_failure_percentage"] = .int(settings.enforcingFailurePercentage)
        object["enforcing_failure_percentage_local_origin"] = .int(settings.enforcingFailurePercentageLocalOrigin)
        object["failure_percentage_minimum_hosts"] = .int(settings.failurePercentageMinimumHosts)
        object["failure_percentage_request_volume"] = .int(settings.failurePercentageRequestVolume)
        return .object(object)
    }

    private static func enforcing(_ percent: Int, _ threshold: Int) -> JSONValue {
        .int(threshold == 0 ? 0 : percent)
    }
}
