public import CatalogueCore

/// An error of the database itself — unreachable, busy, refusing or failing a statement — rather than a refusal of
/// the store's rules (an unknown client, a name taken). The server counts them (`oilcat_database_errors_total`)
/// whichever backend raised them.
public protocol DatabaseFailure: CodedError {}
