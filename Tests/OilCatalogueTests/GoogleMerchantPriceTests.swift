import Testing

@testable import XMLFeedImporter

@Suite("Google Merchant prices")
struct GoogleMerchantPriceTests {
    @Test("a price splits into amount and currency code however the feed orders and spaces them; anything else stays whole")
    func splitting() {
        let cases: [(String?, String?, String?)] = [
            ("12.50 GBP", "12.50", "GBP"),
            ("gbp 12.50", "12.50", "GBP"),
            ("  12.50    eUr ", "12.50", "EUR"),
            ("12.50", "12.50", nil),
            ("12.50 GBP extra", "12.50 GBP extra", nil),
            ("1 234 GBP", "1 234 GBP", nil),
            ("GBP EUR", "GBP EUR", nil),
            ("12.50 GB1", "12.50 GB1", nil),
            ("12.50 GBPX", "12.50 GBPX", nil),
            ("12,50 €", "12,50 €", nil),
            // Three letters of any script split off; the currency check that follows turns it into a warning.
            ("12,50 ÉUR", "12,50", "ÉUR"),
            ("   ", nil, nil),
            (nil, nil, nil),
        ]
        for (text, amount, currency) in cases {
            let split = GoogleMerchantImporter.splitPrice(text)
            #expect(split.0 == amount && split.1 == currency, "\(String(describing: text)) → \(split)")
        }
    }
}
