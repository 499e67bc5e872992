/// Decodes `guarantees: [ "expr", … ]`: a list of strings, each parsed at load time so a syntax
/// error is a scenario diagnostic at the string's line:column, with the column inside the
/// expression and the expected token in the message.
struct GuaranteeDecoder {
    let ctx: DecodeContext

    func guarantees(_ node: DocNode, _ path: String) -> [GuaranteeSpec] {
        guard let items = ctx.list(node, path) else { return [] }
        return items.enumerated().compactMap { i, item in
            let p = "\(path)[\(i)]"
            return ctx.scalar(item, p) { (text: String) throws(QuantityError) -> GuaranteeSpec in
                do throws(GuaranteeSyntaxError) {
                    return try GuaranteeSpec(parsing: text, line: item.location.line, column: item.location.column)
                } catch {
                    throw QuantityError(
                        message: error.description,
                        hint: "write `path op value`, e.g. `services.checkout.latency.p99 <= 300ms`")
                }
            }
        }
    }
}
