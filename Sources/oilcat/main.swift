import OilcatCLI

await OilcatMain.run()
