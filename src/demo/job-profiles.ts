/**
 * How each QFieldCloud job type behaves in the simulation, at speed 1. Run times are
 * the QGIS container's, in ms; the shares follow a field-data service where devices
 * push edits (delta_apply) far more often than they download packages.
 */
export const JOB_PROFILES = {
  delta_apply: {
    share: 0.5,
    runMs: [400, 2_500],
    failureRate: 0.03,
    command: 'delta_apply',
    steps: [
      'start_qgis_app',
      'download_project_directory',
      'apply_deltas',
      'stop_qgis_app',
      'upload_exported_project',
    ],
    errors: [
      ['DeltaException', 'Failed to apply delta: feature 1842 not found in layer "trees"'],
      ['DeltaException', 'NOT NULL constraint failed: inspections.inspector'],
    ],
  },
  package: {
    share: 0.35,
    runMs: [2_500, 9_000],
    failureRate: 0.04,
    command: 'package',
    steps: [
      'start_qgis_app',
      'download_project_directory',
      'qgis_layers_data',
      'package_project',
      'stop_qgis_app',
      'upload_packaged_project',
    ],
    errors: [
      ['InvalidLayersException', 'Layer "survey_points" is not valid: data source not found'],
      ['PackagingException', 'Failed to package "orthophoto_2025.tif": disk quota exceeded'],
    ],
  },
  process_projectfile: {
    share: 0.15,
    runMs: [1_000, 5_000],
    failureRate: 0.06,
    command: 'process_projectfile',
    steps: [
      'start_qgis_app',
      'download_project_directory',
      'project_validity_check',
      'opening_check',
      'generate_thumbnail_image',
      'stop_qgis_app',
    ],
    errors: [
      ['ProjectFileNotFoundException', 'The project file "project.qgs" could not be read'],
      ['FailedThumbnailGenerationException', 'Failed to render the project thumbnail'],
    ],
  },
} as const;
