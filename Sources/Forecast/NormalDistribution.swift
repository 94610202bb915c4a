import Glibc

/// The standard normal distribution: its quantile function and two-sided critical values.
public enum NormalDistribution {
    /// The inverse of the standard normal CDF: Acklam's rational approximation refined by one Halley step.
    ///
    /// Within 1e-12 of reference values, and cdf(quantile(p)) within 1e-12 relative of p (tested). Returns
    /// -infinity at 0, +infinity at 1 and NaN outside [0, 1].
    public static func quantile(_ p: Double) -> Double {
        guard p >= 0, p <= 1 else { return .nan }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        // 1 - p is exact for p in [0.5, 1], so reflecting makes the function exactly antisymmetric.
        if p > 0.5 { return -lowerQuantile(1 - p) }
        return lowerQuantile(p)
    }

    /// The z of a two-sided interval holding `confidencePercent` percent of the mass: `-quantile((100 - c) / 200)`.
    ///
    /// 80 gives 1.2816, 95 gives 1.9600, 99 gives 2.5758. Requires 0 < `confidencePercent` < 100. Taken from the
    /// tail: `0.5 + c / 200` would round to 1 (an infinite z) for a level within about 1e-14 of 100.
    public static func criticalValue(confidencePercent: Double) -> Double {
        precondition(
            confidencePercent > 0 && confidencePercent < 100, "confidence must lie strictly between 0 and 100")
        return -quantile((100 - confidencePercent) / 200)
    }

    /// The standard normal CDF, through erfc so that the lower tail keeps its relative precision.
    static func cdf(_ x: Double) -> Double {
        0.5 * erfc(-x / 2.0.squareRoot())
    }

    /// The quantile for 0 < p <= 0.5.
    private static func lowerQuantile(_ p: Double) -> Double {
        var x = acklam(p)
        // One Halley step on cdf(x) - p; the error of the rational approximation (1.15e-9) then vanishes.
        let e = cdf(x) - p
        let u = e * (2 * Double.pi).squareRoot() * exp(x * x / 2)
        if u.isFinite { x -= u / (1 + x * u / 2) }
        return x
    }

    /// Acklam's approximation for 0 < p <= 0.5, relative error below 1.15e-9.
    private static func acklam(_ p: Double) -> Double {
        let a = [
            -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
            -3.066479806614716e+01, 2.506628277459239e+00,
        ]
        let b = [
            -5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
            -1.328068155288572e+01,
        ]
        let c = [
            -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
            4.374664141464968e+00, 2.938163982698783e+00,
        ]
        let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
        if p < 0.02425 {
            let q = (-2 * log(p)).squareRoot()
            let numerator = ((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]
            let denominator = (((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1
            return numerator / denominator
        }
        let q = p - 0.5
        let r = q * q
        let numerator = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
        let denominator = ((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1
        return numerator / denominator
    }
}
