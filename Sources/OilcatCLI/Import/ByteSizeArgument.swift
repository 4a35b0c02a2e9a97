/// Reads `--max-feed-size` values: plain bytes, or a number with K, M or G (binary units: 1K = 1024 bytes), with an
/// optional B ("512M", "4G", "1500MB").
enum ByteSizeArgument {
    static func parse(_ text: String, option: String = "--max-feed-size") throws -> Int64 {
        var digits = Substring(text.uppercased().filter { $0 != " " })
        if digits.hasSuffix("B") { digits = digits.dropLast() }
        var shift: Int64 = 0
        switch digits.last {
        case "K": shift = 10
        case "M": shift = 20
        case "G": shift = 30
        default: break
        }
        if shift > 0 { digits = digits.dropLast() }
        guard let number = Int64(digits), number > 0, number <= Int64.max >> shift else {
            throw UsageFailure(
                code: "CLI-SIZE", message: "\(option) '\(text)' is not a size; write bytes or a number with K, M or G (e.g. 512M, 4G)"
            )
        }
        return number << shift
    }
}
