export { RustMcpProject, type RustMcpProjectOptions, SYNTH_MODE_VARIABLE, type SynthMode } from './project.js';
export { OPTIONS, resolveAnswers, type Answers, type OptionSpec, DATABASES, ARCHITECTURES, BASE_IMAGES } from './options.js';
export { OptionError } from './validate.js';
