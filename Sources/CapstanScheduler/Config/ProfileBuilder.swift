extension SchedulingProfile {
    /// Builds a profile as kube-scheduler does: the user's plugin sets are
    /// merged into the defaults (`mergePlugins`), multiPoint plugins are
    /// expanded to every extension point they implement unless disabled there
    /// (`expandMultiPointPlugins`), and score weights come from the score set
    /// first, then multiPoint (0 or unset means 1).
    public init(configuration: ProfileConfiguration, globalPercentageOfNodesToScore: Int32? = nil,
                registry: PluginRegistry = .default) throws(SchedulerConfigurationError) {
        let plugins = Self.merge(defaults: .defaults, custom: configuration.plugins)
        var args: [String: PluginArgs] = [:]
        for c in configuration.pluginConfig {
            guard args.updateValue(c.args, forKey: c.name) == nil else {
                throw SchedulerConfigurationError("pluginConfig: repeated config for plugin \"\(c.name)\"")
            }
        }
        var instances: [String: any SchedulerPlugin] = [:]
        for path in PluginsConfiguration.points {
            for ref in plugins[keyPath: path].enabled where instances[ref.name] == nil {
                guard let factory = registry[ref.name] else {
                    throw SchedulerConfigurationError("plugin \"\(ref.name)\" does not exist")
                }
                do { instances[ref.name] = try factory(args[ref.name]) } catch {
                    throw SchedulerConfigurationError("plugin \"\(ref.name)\": \(error)")
                }
            }
        }
        func expand<T>(_ set: PluginSet, _ point: String, _ cast: (any SchedulerPlugin) -> T?)
            throws(SchedulerConfigurationError) -> [T]
        {
            let names = try Self.expandedNames(set, multiPoint: plugins.multiPoint, point: point) { name in
                cast(instances[name]!) != nil
            }
            return names.map { cast(instances[$0]!)! }
        }
        let preFilter = try expand(plugins.preFilter, "PreFilter") { $0 as? any PreFilterPlugin }
        let filter = try expand(plugins.filter, "Filter") { $0 as? any FilterPlugin }
        let postFilter = try expand(plugins.postFilter, "PostFilter") { $0 as? any PostFilterPlugin }
        let preScore = try expand(plugins.preScore, "PreScore") { $0 as? any PreScorePlugin }
        let score = try expand(plugins.score, "Score") { $0 as? any ScorePlugin }
        let reserve = try expand(plugins.reserve, "Reserve") { $0 as? any ReservePlugin }
        let bind = try expand(plugins.bind, "Bind") { $0 as? any BindPlugin }
        guard !bind.isEmpty else {
            throw SchedulerConfigurationError("at least one bind plugin is needed")
        }
        var weights: [String: Int64] = [:]
        for ref in plugins.score.enabled + plugins.multiPoint.enabled where weights[ref.name] == nil {
            let w = Int64(ref.weight ?? 0)
            guard w >= 0 else { throw SchedulerConfigurationError("plugin \"\(ref.name)\": weight must not be negative") }
            weights[ref.name] = w == 0 ? 1 : w
        }
        self.init(schedulerName: configuration.schedulerName,
                  percentageOfNodesToScore: configuration.percentageOfNodesToScore ?? globalPercentageOfNodesToScore,
                  preFilter: preFilter, filter: filter, postFilter: postFilter, preScore: preScore,
                  score: score.map { WeightedScorePlugin(plugin: $0, weight: weights[$0.name] ?? 1) },
                  reserve: reserve, bind: bind)
    }

    /// kube-scheduler's `mergePlugins`, point by point: default plugins not
    /// disabled (`*` disables all) keep their place, replaced in place by a
    /// custom entry of the same name; other custom plugins are appended.
    static func merge(defaults: PluginsConfiguration, custom: PluginsConfiguration) -> PluginsConfiguration {
        var merged = PluginsConfiguration()
        for path in PluginsConfiguration.points {
            let d = defaults[keyPath: path]
            let c = custom[keyPath: path]
            let disabled = c.disabledNames.union(d.disabledNames)
            var enabled: [PluginReference] = []
            var replaced: Set<Int> = []
            if !disabled.contains("*") {
                for plugin in d.enabled where !disabled.contains(plugin.name) {
                    if let i = c.enabled.firstIndex(where: { $0.name == plugin.name }) {
                        enabled.append(c.enabled[i])
                        replaced.insert(i)
                    } else {
                        enabled.append(plugin)
                    }
                }
            }
            for (i, plugin) in c.enabled.enumerated() where !replaced.contains(i) { enabled.append(plugin) }
            merged[keyPath: path] = PluginSet(enabled: enabled, disabled: c.disabled + d.disabled)
        }
        return merged
    }

    /// The plugin names of one extension point: explicitly enabled ones that
    /// multiPoint also lists first, then multiPoint plugins implementing the
    /// point (unless disabled there), then the other explicit ones.
    static func expandedNames(_ set: PluginSet, multiPoint: PluginSet, point: String,
                              implements: (String) -> Bool) throws(SchedulerConfigurationError) -> [String] {
        var explicit: [String] = []
        for ref in set.enabled {
            guard implements(ref.name) else {
                throw SchedulerConfigurationError("plugin \"\(ref.name)\" does not extend \(point) plugin")
            }
            guard !explicit.contains(ref.name) else {
                throw SchedulerConfigurationError("plugin \"\(ref.name)\" already registered as \(point) plugin")
            }
            explicit.append(ref.name)
        }
        let disabled = set.disabledNames
        if disabled.contains("*") { return explicit }
        var overrides: Set<String> = []
        var fromMultiPoint: [String] = []
        for ref in multiPoint.enabled where implements(ref.name) && !disabled.contains(ref.name) {
            if explicit.contains(ref.name) {
                overrides.insert(ref.name)
            } else if fromMultiPoint.contains(ref.name) {
                throw SchedulerConfigurationError("plugin \"\(ref.name)\" already registered as \(point) plugin")
            } else {
                fromMultiPoint.append(ref.name)
            }
        }
        return explicit.filter { overrides.contains($0) } + fromMultiPoint + explicit.filter { !overrides.contains($0) }
    }
}
