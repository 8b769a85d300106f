// The tests share one set of services and some kill or restart them: they run one at a time.
[assembly: CollectionBehavior(CollectionBehavior.CollectionPerAssembly)]
