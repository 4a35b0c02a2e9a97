import ArgumentParser

/// `oilcat catalogue …`: the reference taxonomy.
struct CatalogueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalogue",
        abstract: "Look up the reference catalogue: ingredients, their properties, and label resolution.",
        subcommands: [
            IngredientsCommand.self, ShowIngredientCommand.self, ResolveCommand.self, UnresolvedCommand.self, AliasCommand.self,
            RereadCommand.self,
        ]
    )
}
